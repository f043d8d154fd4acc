package io.beamcrawl.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.testing.TestWebServer;
import java.nio.file.Path;
import java.sql.ResultSet;
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
      Cli demo =
          Cli.run("--demo", "--output=" + output, "--runId=demo", "--progressSeconds=1", internal.url("/"));
      assertEquals(demo.console(), 0, demo.exitCode());
      assertEquals("the internal site was never contacted", 0, internal.requests().size());
      try (ResultSet rows =
          Lake.query(
              "SELECT url_host_name, count(*) FILTER (WHERE status = 'success'),"
                  + " min(error_type), min(error_message) FROM " + Lake.table(output, "pages")
                  + " GROUP BY url_host_name ORDER BY url_host_name")) {
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
