package io.beamcrawl.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The crawl report opens in a real browser from the file system, and its figures are the
 * tables': pages, failures and their causes, credits, per job and in all.
 */
public class ReportTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void theReportOpensInChromiumAndSaysWhatTheTablesSay() throws Exception {
    try (TestSite shop = new TestSite("127.0.0.21"); TestSite blog = new TestSite("127.0.0.22")) {
      shop.page("/", "/a", "/b", "/missing", "/broken", "/c");
      shop.page("/a", "/", "/d");
      shop.page("/b", "/");
      shop.page("/c", "/");
      shop.page("/d", "/");
      shop.server.status("/broken", 500);
      blog.page("/", "/post-1", "/post-2", "/gone");
      blog.page("/post-1", "/");
      blog.page("/post-2", "/");
      Path jobs = tmp.newFile("jobs.jsonl").toPath();
      Files.writeString(jobs,
          "{\"id\": \"shop\", \"base_url\": \"" + shop.url("/") + "\"}\n"
              + "{\"id\": \"blog\", \"base_url\": \"" + blog.url("/") + "\", \"max_pages\": 3}\n");
      Path output = tmp.newFolder("out").toPath();
      Cli cli = Cli.run("--jobs=" + jobs, "--output=" + output, "--allowPrivateNetworks",
          "--fetchMaxAttempts=1", "--runId=report-test");
      assertEquals(cli.console(), 0, cli.exitCode());
      Path report = output.resolve("report-report-test.html");
      assertTrue(cli.console(), cli.console().contains("Report:  " + report));

      Document dom = Jsoup.parse(Chromium.dom(report, tmp.newFolder("profile").toPath()));
      Path screenshot = Path.of("target/report-screenshot.png");
      Chromium.screenshot(report, screenshot, 1280, 2000, tmp.newFolder("profile2").toPath());
      assertTrue("a screenshot of the report", Files.size(screenshot) > 20_000);

      Map<String, long[]> tables = new HashMap<>(); // job: pages crawled, failed
      try (ResultSet row = Lake.query(
          "SELECT job_id, count(*) FILTER (status = 'success'), count(*) FILTER (status = 'failed') FROM "
              + Lake.table(output, "pages") + " GROUP BY job_id")) {
        while (row.next()) {
          tables.put(row.getString(1), new long[] {row.getLong(2), row.getLong(3)});
        }
      }
      assertEquals(2, tables.size());
      long pages = 0;
      long failed = 0;
      double credits = 0;
      try (ResultSet job = Lake.query(
          "SELECT id, credits_used, urls_over_budget FROM " + Lake.table(output, "jobs"))) {
        while (job.next()) {
          String id = job.getString(1);
          Element section = dom.selectFirst("section.job[data-job=" + id + "]");
          assertNotNull(id, section);
          assertEquals(id, tables.get(id)[0], figure(section, "pages_crawled"), 0);
          assertEquals(id, tables.get(id)[1], figure(section, "pages_failed"), 0);
          assertEquals(id, job.getDouble(2), figure(section, "credits_used"), 1e-9);
          assertEquals(id, job.getLong(3), figure(section, "urls_over_budget"), 0);
          pages += tables.get(id)[0];
          failed += tables.get(id)[1];
          credits += job.getDouble(2);
          try (ResultSet errors = Lake.query(
              "SELECT error_type, count(*) FROM " + Lake.table(output, "pages")
                  + " WHERE job_id = '" + id + "' AND error_type IS NOT NULL GROUP BY 1")) {
            int types = 0;
            while (errors.next()) {
              types++;
              Element cell = section.selectFirst("tr[data-error=" + errors.getString(1) + "] td[data-value]");
              assertNotNull(errors.getString(1), cell);
              assertEquals(errors.getLong(2), Long.parseLong(cell.attr("data-value")));
            }
            assertEquals(types, section.select("tr[data-error]").size());
          }
          assertEquals("its charts", 4, section.select("figure[data-chart] svg").size());
        }
      }
      Element totals = dom.selectFirst("section.totals");
      assertEquals(pages, figure(totals, "pages_crawled"), 0);
      assertEquals(failed, figure(totals, "pages_failed"), 0);
      assertEquals(credits, figure(totals, "credits_used"), 1e-9);
      assertEquals(2, figure(totals, "jobs"), 0);
      assertTrue("a page failed in the shop", failed >= 2);
    }
  }

  private static double figure(Element section, String name) {
    Element figure = section.selectFirst("[data-figure=" + name + "]");
    assertNotNull(name, figure);
    return Double.parseDouble(figure.attr("data-value"));
  }
}
