package io.beamcrawl.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Input names rows, never files: a job id made of path steps stays a value in the tables. */
public class PathSafetyTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aJobIdLikeAPathWritesNothingOutsideTheOutput() throws Exception {
    TestSite site = new TestSite("127.0.0.10");
    try {
      site.page("/");
      Path root = tmp.newFolder("root").toPath();
      Path jobs = root.resolve("jobs.jsonl");
      String id = "../../escaped";
      Files.writeString(jobs, "{\"id\":\"" + id + "\",\"base_url\":\"" + site.url("/") + "\"}\n");
      Path output = root.resolve("lake/out");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      int code =
          new Launcher(console, console)
              .run(new String[] {"--jobs=" + jobs, "--output=" + output, "--allowPrivateNetworks"});
      assertEquals(bytes.toString(StandardCharsets.UTF_8), 0, code);

      try (Stream<Path> files = Files.walk(tmp.getRoot().toPath())) {
        List<Path> outside =
            files.filter(p -> !p.startsWith(output) && !p.equals(jobs))
                .filter(Files::isRegularFile)
                .toList();
        assertEquals(List.of(), outside);
      }
      try (Stream<Path> files = Files.walk(output)) {
        assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("escaped")));
      }
      try (Statement statement = DriverManager.getConnection("jdbc:duckdb:").createStatement();
          ResultSet row =
              statement.executeQuery(
                  "SELECT id FROM read_parquet('" + output + "/jobs/*/*.parquet')")) {
        assertTrue(row.next());
        assertEquals(id, row.getString(1));
      }
    } finally {
      site.close();
    }
  }

  @Test
  public void aRunIdLikeAPathIsRefused() throws Exception {
    Path output = tmp.newFolder("out").toPath();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        new Launcher(console, console)
            .run(new String[] {"http://127.0.0.10/", "--output=" + output, "--runId=../up"});
    assertEquals(Launcher.USAGE, code);
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("--runId may hold only letters"));
    try (Stream<Path> files = Files.list(output)) {
      assertEquals(0, files.count());
    }
  }
}
