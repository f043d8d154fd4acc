package io.beamcrawl.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.testing.RawFaultServer;
import io.beamcrawl.testing.RawFaultServer.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A host that accepts connections and never answers, crawled in the same run as a healthy one:
 * the dead host costs a few timeouts, its other URLs are given up without a request, and the
 * healthy job is crawled in full.
 */
public class HostTroubleTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aDeadHostIsGivenUpAndTheOtherJobIsUnharmed() throws Exception {
    try (RawFaultServer dead = new RawFaultServer().fault(Fault.NEVER_ANSWER)) {
      TestSite alive = new TestSite("127.0.0.8");
      try {
        alive.page("/", "/a", "/b");
        alive.page("/a", "/b");
        alive.page("/b");
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          seeds.add("\"" + dead.url("/p" + i) + "\"");
        }
        Path jobs = tmp.newFile("jobs.jsonl").toPath();
        Files.write(
            jobs,
            List.of(
                "{\"id\":\"dead\",\"base_url\":\"" + dead.url("/") + "\",\"seeds\":[" + String.join(",", seeds) + "]}",
                "{\"id\":\"alive\",\"base_url\":\"" + alive.url("/") + "\"}"));
        Path output = tmp.newFolder("out").toPath();
        Cli run =
            Cli.run(
                "--jobs=" + jobs,
                "--output=" + output,
                "--allowPrivateNetworks",
                "--fetchTimeoutSeconds=1",
                "--fetchMaxAttempts=1",
                "--maxHostFailures=2",
                "--perHostConcurrency=1",
                "--sitemap=skip"); // a sitemap fetch would be one more request left to time out
        assertEquals(run.console(), 0, run.exitCode());
        assertEquals("requests the dead host was left to time out", 2, dead.faultedRequests());
        try (Statement statement = DriverManager.getConnection("jdbc:duckdb:").createStatement();
            ResultSet rows =
                statement.executeQuery(
                    "SELECT job_id, coalesce(error_type, status), count(*), any_value(error_message)"
                        + " FROM read_parquet('" + output + "/pages/*/*.parquet')"
                        + " GROUP BY ALL ORDER BY ALL")) {
          assertTrue(rows.next());
          assertEquals("alive", rows.getString(1));
          assertEquals("success", rows.getString(2));
          assertEquals(3, rows.getLong(3));
          assertTrue(rows.next());
          assertEquals("dead", rows.getString(1));
          assertEquals("host_unresponsive", rows.getString(2));
          assertEquals(7, rows.getLong(3)); // the base URL and 8 seeds, 2 of them tried
          assertThat(rows.getString(4), containsString("timed out or lost their connection"));
          assertTrue(rows.next());
          assertEquals("timeout", rows.getString(2));
          assertEquals(2, rows.getLong(3));
        }
      } finally {
        alive.close();
      }
    }
  }
}
