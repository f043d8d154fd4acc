package io.beamcrawl.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.beamcrawl.testing.FakeChatServer;
import io.beamcrawl.testing.ScriptSite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Runs one crawl twice, on the Direct runner in this JVM and on a real Flink session cluster
 * (started with scripts/flink-cluster, the shaded jar submitted with parallelism 2), and checks
 * that both wrote the same pages and job statistics, that the job finished on the cluster, and
 * that per-host politeness held with work spread over two slots. Then crawls again on both,
 * incrementally, and checks that both compared the pages alike.
 */
public class FlinkParityIT {

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static final int PER_HOST_CONCURRENCY = 2;
  private static final int APP_PAGES = 7;

  private static LocalFlinkCluster cluster;
  private static FakeChatServer llm;
  private static TestSite x;
  private static TestSite y;
  /** A site built by script: its pages and links exist only once rendered. */
  private static TestSite z;
  private static Path directOutput;
  private static Path flinkOutput;
  private static int directExit;
  private static int flinkExit;
  private static String directConsole;
  private static String flinkConsole;
  private static int flinkAgainExit;
  private static int directAgainExit;
  private static final Map<String, Integer> FLINK_MAX_CONCURRENCY = new TreeMap<>();

  @BeforeClass
  public static void crawlOnBothRunners() throws Exception {
    Path build = LocalFlinkCluster.path("beamcrawl.buildDirectory");
    cluster =
        LocalFlinkCluster.start(LocalFlinkCluster.path("beamcrawl.repo"), build.resolve("flink-it-cluster"), 2);

    x = new TestSite("127.0.0.5");
    y = new TestSite("127.0.0.6");
    x.robots("User-agent: *\nDisallow: /private/\n");
    x.page("/", "/g/0", "/private/p", "/missing", y.url("/"));
    for (int i = 0; i < 60; i++) {
      x.page("/g/" + i, "/g/" + (i * 3 + 1) % 60, "/g/" + (i * 3 + 2) % 60, "/g/" + (i * 3 + 3) % 60, "/");
    }
    y.robots("User-agent: *\nAllow: /\n");
    for (int i = 0; i < 40; i++) {
      y.page(i == 0 ? "/" : "/y/" + i, "/y/" + (i * 2 + 1) % 40, "/y/" + (i * 2 + 2) % 40, x.url("/"));
    }
    z = new TestSite("127.0.0.7");
    ScriptSite.page(z.server, "/", "App home", "The app's home, written by script.", "/a/1", "/a/2", "/a/3");
    for (int i = 1; i <= 3; i++) {
      ScriptSite.page(z.server, "/a/" + i, "App page " + i, "App page " + i + ", written by script.", "/a/" + i + "/b");
      ScriptSite.page(z.server, "/a/" + i + "/b", "App page " + i + "b", "The end of branch " + i + ", written by script.");
    }
    // Slow responses, so that more requests than allowed would overlap if the limit leaked.
    x.server.setResponseDelay(Duration.ofMillis(40));
    y.server.setResponseDelay(Duration.ofMillis(40));

    // The model picks the links to groups below 45, wherever the crawl meets them.
    llm =
        FakeChatServer.start()
            .answerWith(
                request ->
                    FakeChatServer.pickLinks(
                        request, url -> url.matches(".*/g/([0-9]|[1-3][0-9]|4[0-4])")));

    Path jobs = TMP.newFile("jobs.jsonl").toPath();
    Files.write(
        jobs,
        List.of(
            job("x-wide", x.url("/"), 40, 4),
            job("x-inner", x.url("/g/30"), 12, 3),
            job("y-wide", y.url("/"), 25, 6),
            job("y-small", y.url("/y/7"), 3, 2),
            // Best first by the default scorer's embeddings: the same choices on both runners.
            "{\"id\":\"x-guided\",\"base_url\":\"" + x.url("/") + "\",\"max_pages\":15,"
                + "\"max_depth\":6,\"crawl_instruction\":\"the pages of group 30 and above\"}",
            "{\"id\":\"x-picked\",\"base_url\":\"" + x.url("/") + "\",\"max_pages\":15,"
                + "\"max_depth\":6,\"crawl_instruction\":\"the first groups\",\"link_selection\":\"llm\"}",
            "{\"id\":\"z-app\",\"base_url\":\"" + z.url("/") + "\",\"max_pages\":10,"
                + "\"render\":\"always\",\"screenshot\":\"viewport\"}"));

    directOutput = TMP.newFolder("direct").toPath();
    flinkOutput = TMP.newFolder("flink").toPath();
    List<String> args =
        List.of(
            "--jobs=" + jobs,
            "--perHostConcurrency=" + PER_HOST_CONCURRENCY,
            "--runId=parity",
            "--progressSeconds=1",
            "--allowPrivateNetworks",
            "--llmEndpoint=" + llm.endpoint(),
            "--llmModel=test-model",
            "--llmApiKeyEnv=",
            "--warc=true");

    // Flink first, so each server's concurrency peak is the cluster's alone.
    long started = System.nanoTime();
    List<String> flinkArgs = new ArrayList<>(args);
    flinkArgs.addAll(List.of("--output=" + flinkOutput, "--parallelism=2"));
    Path flinkLog = TMP.getRoot().toPath().resolve("flink-run.log");
    flinkExit = cluster.submit(LocalFlinkCluster.path("beamcrawl.jar"), flinkLog, flinkArgs);
    flinkConsole = Files.readString(flinkLog, StandardCharsets.UTF_8);
    long flinkMillis = (System.nanoTime() - started) / 1_000_000;
    FLINK_MAX_CONCURRENCY.put("127.0.0.5", x.server.maxConcurrentRequests());
    FLINK_MAX_CONCURRENCY.put("127.0.0.6", y.server.maxConcurrentRequests());

    started = System.nanoTime();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<String> directArgs = new ArrayList<>(args);
    directArgs.add("--output=" + directOutput);
    directExit = new Launcher(console, console).run(directArgs.toArray(String[]::new));
    directConsole = bytes.toString(StandardCharsets.UTF_8);
    long directMillis = (System.nanoTime() - started) / 1_000_000;

    // The same crawl again on each runner, into the same output, compared with the first.
    List<String> again = new ArrayList<>(args);
    again.set(again.indexOf("--runId=parity"), "--runId=again");
    again.add("--incremental=true");
    List<String> flinkAgain = new ArrayList<>(again);
    flinkAgain.addAll(List.of("--output=" + flinkOutput, "--parallelism=2"));
    Path flinkAgainLog = TMP.getRoot().toPath().resolve("flink-again.log");
    flinkAgainExit = cluster.submit(LocalFlinkCluster.path("beamcrawl.jar"), flinkAgainLog, flinkAgain);
    List<String> directAgain = new ArrayList<>(again);
    directAgain.add("--output=" + directOutput);
    directAgainExit = new Launcher(console, console).run(directAgain.toArray(String[]::new));

    System.out.printf(
        "Direct run %d ms; Flink run (jar submitted to the cluster) %d ms; "
            + "most concurrent requests per host on Flink %s, over both runs 127.0.0.5=%d 127.0.0.6=%d%n",
        directMillis, flinkMillis, FLINK_MAX_CONCURRENCY,
        x.server.maxConcurrentRequests(), y.server.maxConcurrentRequests());
  }

  @AfterClass
  public static void stopEverything() throws Exception {
    for (TestSite site : new TestSite[] {x, y, z}) {
      if (site != null) {
        site.close();
      }
    }
    if (llm != null) {
      llm.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String job(String id, String baseUrl, int maxPages, int maxDepth) {
    return String.format(
        "{\"id\":\"%s\",\"base_url\":\"%s\",\"max_pages\":%d,\"max_depth\":%d}",
        id, baseUrl, maxPages, maxDepth);
  }

  @Test
  public void bothRunsSucceedAndPrintTheirSummary() {
    assertEquals(directConsole, 0, directExit);
    assertEquals(flinkConsole, 0, flinkExit);
    assertThat(directConsole, containsString("total (7 jobs)"));
    assertThat(flinkConsole, containsString("total (7 jobs)"));
  }

  @Test
  public void theFlinkRunCommittedItsPartitionsAndSummary() {
    assertTrue(Files.isDirectory(flinkOutput.resolve("pages/crawl=parity")));
    assertTrue(Files.isDirectory(flinkOutput.resolve("jobs/crawl=parity")));
    assertTrue(Files.isRegularFile(flinkOutput.resolve("summary-parity.json")));
    assertTrue(Files.notExists(flinkOutput.resolve(".staging-parity")));
  }

  @Test
  public void theJobRanToTheEndOnTheCluster() throws Exception {
    JsonNode jobs = cluster.rest("/jobs/overview").get("jobs");
    assertEquals(jobs.toString(), 2, jobs.size()); // the crawl, and the incremental one
    for (JsonNode job : jobs) {
      assertEquals("FINISHED", job.get("state").asText());
    }
    JsonNode overview = cluster.rest("/overview");
    assertEquals(1, overview.get("taskmanagers").asInt());
    assertEquals(2, overview.get("jobs-finished").asInt());
  }

  @Test
  public void bothRunnersWroteTheSamePages() throws SQLException {
    String columns =
        "job_id, id, url, status, status_code, data, depth, relevance, crawl_input_tokens,"
            + " crawl_output_tokens, link_selection_error";
    List<List<Object>> direct = rows("SELECT " + columns + " FROM " + table(directOutput, "pages") + " ORDER BY job_id, url");
    List<List<Object>> flink = rows("SELECT " + columns + " FROM " + table(flinkOutput, "pages") + " ORDER BY job_id, url");
    assertEquals(40 + 12 + 25 + 3 + 15 + 15 + APP_PAGES, direct.size());
    assertEquals(direct, flink);
    // Only what the model picked, and only pages whose links it was asked about cost tokens.
    List<List<Object>> picked =
        rows("SELECT url, crawl_input_tokens > 0 FROM " + table(flinkOutput, "pages") + " WHERE job_id = 'x-picked'");
    assertEquals(15, picked.size());
    for (List<Object> row : picked) {
      assertTrue(row.toString(), row.get(0).toString().matches(".*/(g/([0-9]|[1-3][0-9]|4[0-4]))?"));
    }
    assertTrue(picked.stream().anyMatch(row -> Boolean.TRUE.equals(row.get(1))));
  }

  /** Each runner archived every request it made, and its rows find their records. */
  @Test
  public void bothRunnersArchivedEveryFetchAndWroteTheirReport() throws Exception {
    for (Path output : List.of(directOutput, flinkOutput)) {
      assertTrue(Files.isRegularFile(output.resolve("report-parity.html")));
      List<List<Object>> fetched = rows(
          "SELECT url, warc_filename, warc_record_offset, warc_record_length FROM "
              + table(output, "pages") + " WHERE fetch_attempts > 0");
      assertEquals(40 + 12 + 25 + 3 + 15 + 15 + APP_PAGES, fetched.size());
      for (List<Object> row : fetched) {
        assertNotNull(row.toString(), row.get(1));
        Path file = output.resolve(row.get(1).toString());
        assertTrue(row.toString(), Files.isRegularFile(file));
        assertTrue(row.toString(),
            ((Number) row.get(2)).longValue() + ((Number) row.get(3)).longValue() <= Files.size(file));
      }
    }
  }

  @Test
  public void bothRunnersWroteTheSameJobStatistics() throws SQLException {
    String columns =
        "id, status, max_pages, pages_crawled, pages_failed, urls_discovered, urls_out_of_scope, "
            + "urls_disallowed_by_robots, urls_over_budget, urls_below_relevance, credits_used, bytes_fetched,"
            + " status_code_counts, input_tokens, crawl_input_tokens, link_selections_failed";
    List<List<Object>> direct = rows("SELECT " + columns + " FROM " + table(directOutput, "jobs") + " ORDER BY id");
    List<List<Object>> flink = rows("SELECT " + columns + " FROM " + table(flinkOutput, "jobs") + " ORDER BY id");
    assertEquals(7, direct.size());
    assertEquals(direct, flink);
  }

  /**
   * The second crawl compared every page with the first alike on both runners: none of the
   * served pages changed, so what the first crawl fetched is unchanged with its data carried over.
   */
  @Test
  public void bothRunnersComparedTheIncrementalCrawlAlike() throws SQLException {
    assertEquals(0, directAgainExit);
    assertEquals(0, flinkAgainExit);
    String columns = "job_id, url, status, change_status, previous_crawl, data, input_tokens";
    List<List<Object>> direct = rows("SELECT " + columns + " FROM " + table(directOutput, "pages", "again") + " ORDER BY job_id, url");
    List<List<Object>> flink = rows("SELECT " + columns + " FROM " + table(flinkOutput, "pages", "again") + " ORDER BY job_id, url");
    assertEquals(direct, flink);
    for (Path output : List.of(directOutput, flinkOutput)) {
      // Every page both crawls fetched successfully is unchanged, with the first crawl's data.
      List<List<Object>> compared = rows(
          "SELECT count(*), count(*) FILTER (WHERE b.change_status = 'unchanged' AND b.data = a.data"
              + " AND b.input_tokens = 0 AND b.previous_crawl = 'parity')"
              + " FROM " + table(output, "pages") + " a JOIN " + table(output, "pages", "again")
              + " b USING (job_id, url) WHERE a.status = 'success' AND b.status = 'success'");
      assertThat(((Number) compared.get(0).get(0)).longValue(), greaterThan(80L));
      assertEquals(compared.get(0).get(0), compared.get(0).get(1));
    }
    String jobColumns = "id, previous_crawl, pages_new, pages_changed, pages_unchanged, pages_gone";
    List<List<Object>> directJobs = rows("SELECT " + jobColumns + " FROM " + table(directOutput, "jobs", "again") + " ORDER BY id");
    assertEquals(7, directJobs.size());
    assertEquals(directJobs, rows("SELECT " + jobColumns + " FROM " + table(flinkOutput, "jobs", "again") + " ORDER BY id"));
  }

  @Test
  public void theBudgetsCutTheCrawlsBeingCompared() throws SQLException {
    List<List<Object>> cut =
        rows("SELECT id FROM " + table(flinkOutput, "jobs") + " WHERE urls_over_budget > 0 ORDER BY id");
    assertEquals(
        List.of(List.of("x-guided"), List.of("x-inner"), List.of("x-picked"), List.of("x-wide"),
            List.of("y-small"), List.of("y-wide")),
        cut);
    List<List<Object>> robots =
        rows("SELECT urls_disallowed_by_robots, pages_failed FROM " + table(flinkOutput, "jobs") + " WHERE id = 'x-wide'");
    assertEquals(List.of(List.of(1L, 1L)), robots);
  }

  /**
   * The script-built site was rendered alike on both runners (each TaskManager with a browser of
   * its own): every page found through the links its scripts wrote, with their text, and a
   * screenshot of each, also archived.
   */
  @Test
  public void bothRunnersRenderedTheScriptBuiltSiteAlike() throws Exception {
    String columns = "url, status, rendered, render_reason, title, markdown";
    String where = " WHERE job_id = 'z-app' ORDER BY url";
    List<List<Object>> direct = rows("SELECT " + columns + " FROM " + table(directOutput, "pages") + where);
    List<List<Object>> flink = rows("SELECT " + columns + " FROM " + table(flinkOutput, "pages") + where);
    assertEquals(APP_PAGES, direct.size());
    assertEquals(direct, flink);
    for (List<Object> row : direct) {
      assertEquals(row.toString(), List.of("success", true, "always"), row.subList(1, 4));
      assertThat(row.toString(), row.get(5).toString(), containsString("written by script"));
    }
    for (Path output : List.of(directOutput, flinkOutput)) {
      assertEquals(List.of(List.of((long) APP_PAGES)),
          rows("SELECT pages_rendered FROM " + table(output, "jobs") + " WHERE id = 'z-app'"));
      List<List<Object>> shots =
          rows("SELECT url, screenshot_url FROM " + table(output, "pages") + where);
      List<String> shotUris = new ArrayList<>();
      for (List<Object> row : shots) {
        Path png = output.resolve(row.get(1).toString());
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(row.toString(), 1280, image.getWidth());
        assertEquals(row.toString(), 800, image.getHeight());
        shotUris.add("urn:view:" + row.get(0));
      }
      List<Path> warcs;
      try (var files = Files.list(output.resolve("warc/crawl=parity"))) {
        warcs = files.sorted().toList();
      }
      List<String> resources = new ArrayList<>();
      for (JsonNode record : NodeReaders.warcRecords(warcs)) {
        if (record.get("type").asText().equals("resource")) {
          resources.add(record.get("uri").asText());
        }
      }
      resources.sort(String::compareTo);
      shotUris.sort(String::compareTo);
      assertEquals(shotUris, resources);
    }
  }

  @Test
  public void noHostSawMoreConcurrentRequestsThanAllowed() {
    for (Map.Entry<String, Integer> host : FLINK_MAX_CONCURRENCY.entrySet()) {
      assertThat(host.getKey(), host.getValue(), lessThanOrEqualTo(PER_HOST_CONCURRENCY));
    }
    assertThat(x.server.maxConcurrentRequests(), lessThanOrEqualTo(PER_HOST_CONCURRENCY));
    assertThat(y.server.maxConcurrentRequests(), lessThanOrEqualTo(PER_HOST_CONCURRENCY));
    // The limit was reached, so the check above had something to hold back.
    assertThat(FLINK_MAX_CONCURRENCY.values().stream().mapToInt(Integer::intValue).max().orElse(0), greaterThan(1));
  }

  /** The first crawl's partition of a table. */
  private static String table(Path output, String name) {
    return table(output, name, "parity");
  }

  private static String table(Path output, String name, String runId) {
    return "read_parquet('" + output + "/" + name + "/crawl=" + runId + "/*.parquet')";
  }

  private static List<List<Object>> rows(String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          Object value = result.getObject(i);
          if (value instanceof Map<?, ?> map) {
            // A Parquet map's entry order is the writer's, not part of its value.
            Map<String, String> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), String.valueOf(v)));
            value = sorted;
          }
          row.add(value);
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
