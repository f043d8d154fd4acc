package io.beamcrawl.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import io.beamcrawl.testing.ScriptSite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Rendering through the whole command, read back with DuckDB. */
public class RenderPipelineTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final TestSite site = new TestSite("127.0.0.31");

  @After
  public void stop() {
    site.close();
  }

  @Test
  public void aJobThatRendersOnAMachineWithoutTheBrowserStopsAtLaunchSayingWhatToInstall()
      throws Exception {
    site.page("/");
    Path output = tmp.getRoot().toPath().resolve("out");
    Cli run = Cli.run(site.url("/"), "--render=auto", "--chromium=/nonexistent/chromium",
        "--allowPrivateNetworks", "--output=" + output);
    assertEquals(run.console(), 2, run.exitCode());
    assertThat(run.console(), containsString("apt-get install chromium"));
    assertFalse("nothing is written", Files.exists(output));
    assertEquals(List.of(), site.server.requestedPaths());
  }

  @Test
  public void aCrawlThatNeverRendersNeedsNoBrowser() {
    site.page("/");
    Cli run = Cli.run(site.url("/"), "--chromium=/nonexistent/chromium", "--allowPrivateNetworks",
        "--output=" + tmp.getRoot().toPath().resolve("out"));
    assertEquals(run.console(), 0, run.exitCode());
  }

  /** Script pages among static ones: auto renders those and not these, and says why. */
  @Test
  public void autoRendersTheScriptPagesOfAMixedSite() throws Exception {
    List<String> links = new ArrayList<>(List.of("/app/1", "/app/2"));
    for (int i = 0; i < 4; i++) {
      links.add("/static/" + i);
      site.page("/static/" + i, "/");
    }
    site.page("/", links.toArray(String[]::new));
    ScriptSite.page(site.server, "/app/1", "App one", "Written by script, one.", "/app/1/deeper");
    ScriptSite.page(site.server, "/app/2", "App two", "Written by script, two.");
    ScriptSite.page(site.server, "/app/1/deeper", "Deeper", "Found only in a rendered page.");
    Path output = tmp.getRoot().toPath().resolve("out");
    Cli run = Cli.run(site.url("/"), "--render=auto", "--screenshot=viewport", "--allowPrivateNetworks",
        "--output=" + output, "--runId=mixed");
    assertEquals(run.console(), 0, run.exitCode());
    List<String> rows = new ArrayList<>();
    try (ResultSet result = Lake.query("SELECT url, rendered, render_reason, screenshot_url IS NOT NULL, title FROM "
        + Lake.table(output, "pages") + " ORDER BY url")) {
      while (result.next()) {
        rows.add(result.getString(1).substring(site.url("").length()) + " " + result.getBoolean(2) + " "
            + result.getString(3) + " " + result.getBoolean(4) + " " + result.getString(5));
      }
    }
    assertEquals(List.of(
        "/ false static_page false /",
        "/app/1 true noscript_asks_for_javascript true App one",
        "/app/1/deeper true noscript_asks_for_javascript true Deeper",
        "/app/2 true noscript_asks_for_javascript true App two",
        "/static/0 false static_page false /static/0",
        "/static/1 false static_page false /static/1",
        "/static/2 false static_page false /static/2",
        "/static/3 false static_page false /static/3"), rows);
    try (ResultSet job = Lake.query("SELECT pages_rendered, pages_crawled FROM " + Lake.table(output, "jobs"))) {
      job.next();
      assertEquals(3, job.getLong(1));
      assertEquals(8, job.getLong(2));
    }
    try (var shots = Files.list(output.resolve("screenshots/crawl=mixed"))) {
      assertEquals(3, shots.filter(file -> file.toString().endsWith(".png")).count());
    }
  }
}
