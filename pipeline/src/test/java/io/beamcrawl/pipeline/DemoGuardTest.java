package io.beamcrawl.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.testing.TestWebServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** --demo lets the demo site's own address through the address guard, and nothing else. */
public class DemoGuardTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aSeedBesideTheDemoSiteIsStillGuarded() throws Exception {
    try (TestWebServer internal = TestWebServer.start("127.0.0.18")) {
      internal.page("/", "<title>internal</title>");
      Path output = tmp.newFolder("out").toPath();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      int code =
          new Launcher(console, console)
              .run(
                  new String[] {
                    "--demo", "--output=" + output, "--runId=demo", "--progressSeconds=1",
                    internal.url("/")
                  });
      assertEquals(bytes.toString(StandardCharsets.UTF_8), 0, code);
      assertEquals("the internal site was never contacted", 0, internal.requests().size());
      try (Statement sql = DriverManager.getConnection("jdbc:duckdb:").createStatement();
          ResultSet rows =
              sql.executeQuery(
                  "SELECT url_host_name, count(*) FILTER (WHERE status = 'success'),"
                      + " min(error_type), min(error_message) FROM read_parquet('" + output
                      + "/pages/*/*.parquet') GROUP BY url_host_name ORDER BY url_host_name")) {
        assertTrue(rows.next());
        assertEquals("127.0.0.1", rows.getString(1));
        assertTrue("the demo site was crawled", rows.getLong(2) > 5);
        assertTrue(rows.next());
        assertEquals("127.0.0.18", rows.getString(1));
        assertEquals(0, rows.getLong(2));
        assertEquals("forbidden_address", rows.getString(3));
        assertThat(rows.getString(4), containsString("a loopback address"));
      }
    }
  }
}
