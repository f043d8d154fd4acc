package io.beamcrawl.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.testing.TestWebServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Headers a user adds reach the site, but their secret values reach no output. */
public class SecretHeadersTest {

  private static final String SECRET = "s3cret-token-value";

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void addedSecretsAreSentAndNeverWritten() throws Exception {
    try (TestSite site = new TestSite("127.0.0.11")) {
      site.page("/", "/members");
      // The members page is there only for the right credentials, so the crawl proves it sent them.
      site.server.handler("/members", exchange -> {
        boolean authorized = ("Bearer " + SECRET).equals(exchange.getRequestHeaders().getFirst("Authorization"))
            && ("sid=" + SECRET).equals(exchange.getRequestHeaders().getFirst("Cookie"));
        TestWebServer.send(exchange, authorized ? 200 : 401, "<p>members</p>".getBytes(StandardCharsets.UTF_8));
      });
      Path headers = tmp.newFile("headers.txt").toPath();
      Files.writeString(headers, "Authorization: Bearer " + SECRET + "\nCookie: sid=" + SECRET + "\n");
      Path output = tmp.newFolder("out").toPath();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      int code =
          new Launcher(console, console)
              .run(new String[] {
                site.url("/"), "--output=" + output, "--allowPrivateNetworks", "--httpHeaders=" + headers
              });
      String printed = bytes.toString(StandardCharsets.UTF_8);
      assertEquals(printed, 0, code);
      assertFalse(printed.contains(SECRET));

      try (Statement statement = DriverManager.getConnection("jdbc:duckdb:").createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT url, status_code, to_json(p)::VARCHAR FROM read_parquet('"
                      + output + "/pages/*/*.parquet') p ORDER BY url")) {
        int pages = 0;
        while (rows.next()) {
          pages++;
          assertEquals(rows.getString(1), 200, rows.getInt(2));
          String row = rows.getString(3);
          assertFalse(row, row.contains(SECRET));
          assertTrue(row, row.contains("\"name\":\"Authorization\",\"value\":\"[redacted]\""));
          assertTrue(row, row.contains("\"name\":\"Cookie\",\"value\":\"sid=[redacted]\""));
        }
        assertEquals(2, pages);
      }
      try (Stream<Path> files = Files.walk(output)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
          assertFalse(file.toString(), text.contains(SECRET));
        }
      }
    }
  }

  /**
   * A header goes to the hosts of the jobs' base URLs, or to those its line names: never to
   * another host a job reaches (here a seed on another host).
   */
  @Test
  public void headersGoOnlyToTheHostsTheyAreFor() throws Exception {
    try (TestSite site = new TestSite("127.0.0.11");
        TestSite other = new TestSite("127.0.0.12")) {
      site.page("/");
      other.page("/elsewhere");
      Path jobs = tmp.newFile("jobs.jsonl").toPath();
      Files.writeString(
          jobs,
          "{\"id\":\"j\",\"base_url\":\"" + site.url("/") + "\",\"seeds\":[\""
              + other.url("/elsewhere") + "\"]}");
      Path headers = tmp.newFile("headers.txt").toPath();
      Files.writeString(
          headers, "Authorization: Bearer " + SECRET + "\n[127.0.0.12] X-Other: for the other site\n");
      Cli run =
          Cli.run(
              "--jobs=" + jobs, "--output=" + tmp.newFolder("scoped"), "--allowPrivateNetworks",
              "--httpHeaders=" + headers);
      assertEquals(run.console(), 0, run.exitCode());
      for (TestWebServer.Request request : site.server.requests()) {
        assertEquals(request.pathAndQuery(), "Bearer " + SECRET, request.headers().getFirst("Authorization"));
        assertNull(request.headers().getFirst("X-Other"));
      }
      assertTrue(other.server.count("/elsewhere") == 1);
      for (TestWebServer.Request request : other.server.requests()) {
        assertNull(request.pathAndQuery(), request.headers().getFirst("Authorization"));
        assertEquals("for the other site", request.headers().getFirst("X-Other"));
      }
    }
  }

  @Test
  public void aBadHeaderLineIsRefusedBeforeAnythingRuns() throws Exception {
    Path headers = tmp.newFile("headers.txt").toPath();
    Files.writeString(headers, "Authorization Bearer x\n");
    Path output = tmp.newFolder("refused").toPath();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        new Launcher(console, console)
            .run(new String[] {"http://127.0.0.11/", "--output=" + output, "--httpHeaders=" + headers});
    assertEquals(Launcher.USAGE, code);
    assertTrue(
        bytes.toString(StandardCharsets.UTF_8),
        bytes.toString(StandardCharsets.UTF_8).contains("--httpHeaders " + headers + ", line 1: expected 'Name: value'"));
    try (Stream<Path> files = Files.list(output)) {
      assertEquals(0, files.count());
    }
  }
}
