package io.beamcrawl.pipeline;

import static io.beamcrawl.testing.DuckDb.query;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.beamcrawl.crawl.TrapRules;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Crawls sites this test serves on three loopback hosts, through the command-line entry, and
 * checks the Parquet output with DuckDB against the crawl worked out independently
 * ({@link ExpectedCrawl}) and against the servers' own access logs.
 */
public class CrawlPipelineTest {

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static final int GRID = 150;
  private static final int CHAIN = 15;

  private static TestSite a;
  private static TestSite b;
  private static TestSite c;
  private static Path output;
  private static String console;
  private static int exitCode;
  private static final Map<String, List<String>> EXPECTED = new LinkedHashMap<>();

  @BeforeClass
  public static void crawl() throws Exception {
    a = new TestSite("127.0.0.2");
    b = new TestSite("127.0.0.3");
    c = new TestSite("127.0.0.4");

    a.robots("User-agent: *\nDisallow: /private/\n");
    a.page(
        "/",
        List.of(
            "/g/0", "/chain/0", "/private/secret", "/broken", "/file.csv", "/moved", b.url("/"),
            // Two crawler traps, never to be requested.
            "/calendar/next/next/next",
            "/search?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11"),
        List.of("/nofollow-only"));
    for (int i = 0; i < GRID; i++) {
      // A five-way tree folded onto GRID pages: it widens fast enough for budgets to bite.
      List<String> targets = new ArrayList<>(List.of("/"));
      for (int k = 1; k <= 5; k++) {
        targets.add("/g/" + (i * 5 + k) % GRID);
      }
      a.page("/g/" + i, targets, List.of());
    }
    for (int i = 0; i < CHAIN; i++) {
      a.page("/chain/" + i, "/chain/" + (i + 1));
    }
    a.page("/private/secret", "/g/3");
    a.page("/nofollow-only");
    a.redirect("/moved", "/g/1");
    a.server.file("/file.csv", "text/csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));

    b.robots("User-agent: *\nAllow: /\n");
    for (int i = 0; i < 30; i++) {
      b.page(i == 0 ? "/" : "/b/" + i, "/b/" + (i % 29 + 1), "/b/" + Math.max(1, i - 1), a.url("/"));
    }
    c.server.status("/robots.txt", 500);
    c.page("/", "/c/1");

    Path jobs = TMP.newFile("jobs.jsonl").toPath();
    Files.write(
        jobs,
        List.of(
            job("a-wide", a.url("/"), 60, 4),
            job("a-small", a.url("/g/10"), 5, 2),
            job("a-chain", a.url("/chain/0"), 100, 12),
            job("b-full", b.url("/"), 100, 31),
            job("c-robots", c.url("/"), 10, 2),
            "{\"id\":\"b-schema\",\"base_url\":\"" + b.url("/") + "\",\"max_pages\":4,\"max_depth\":1,"
                + "\"schema\":{\"fields\":[{\"name\":\"heading\",\"selector\":\"h1\"},"
                + "{\"name\":\"links\",\"selector\":\"a\",\"type\":\"list\",\"attribute\":\"href\"}]}}",
            "{\"id\":\"bad-schema\",\"base_url\":\"" + b.url("/") + "\","
                + "\"schema\":{\"fields\":[{\"name\":\"x\",\"selector\":\"h1[\"}]}}",
            "{\"id\": \"broken line\"",
            job("a-wide", a.url("/"), 1, 1)));

    Predicate<String> notPrivate = url -> !url.contains("/private/");
    EXPECTED.put("a-wide", ExpectedCrawl.urls(a.url("/"), 60, 4, onHost(a), notPrivate, a.links, a.redirects));
    EXPECTED.put("a-small", ExpectedCrawl.urls(a.url("/g/10"), 5, 2, onHost(a), notPrivate, a.links, a.redirects));
    EXPECTED.put("a-chain", ExpectedCrawl.urls(a.url("/chain/0"), 100, 12, onHost(a), notPrivate, a.links, a.redirects));
    EXPECTED.put("b-full", ExpectedCrawl.urls(b.url("/"), 100, 31, onHost(b), url -> true, b.links, b.redirects));
    EXPECTED.put("c-robots", List.of());
    EXPECTED.put("b-schema", ExpectedCrawl.urls(b.url("/"), 4, 1, onHost(b), url -> true, b.links, b.redirects));

    output = TMP.newFolder("out").toPath();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    exitCode =
        new Launcher(console, console)
            .run(
                new String[] {
                  "--jobs=" + jobs,
                  "--output=" + output,
                  "--runId=first",
                  "--progressSeconds=1",
                  "--allowPrivateNetworks"
                });
    CrawlPipelineTest.console = bytes.toString(StandardCharsets.UTF_8);
  }

  @AfterClass
  public static void stopSites() {
    Stream.of(a, b, c).forEach(TestSite::close);
  }

  private static String job(String id, String baseUrl, int maxPages, int maxDepth) {
    return String.format(
        "{\"id\":\"%s\",\"base_url\":\"%s\",\"max_pages\":%d,\"max_depth\":%d}",
        id, baseUrl, maxPages, maxDepth);
  }

  /** On the site's host, and not taken for a crawler trap by the default rules. */
  private static Predicate<String> onHost(TestSite site) {
    TrapRules traps =
        RunSettings.of(PipelineOptionsFactory.as(CrawlOptions.class)).crawl("x", List.of()).trapRules();
    return url -> url.startsWith(site.server.baseUrl() + "/") && traps.check(url) == null;
  }

  @Test
  public void theRunSucceedsAndReportsTheBadLines() {
    assertEquals(console, 0, exitCode);
    assertThat(
        console,
        containsString("jobs.jsonl:7: schema.fields[0] (\"x\").selector: invalid CSS selector \"h1[\""));
    assertThat(console, containsString("jobs.jsonl:8: invalid JSON"));
    assertThat(console, containsString("jobs.jsonl:9: duplicate job id \"a-wide\" (first on line 1)"));
    assertThat(console, containsString("pages fetched"));
    assertThat(console, containsString("total (6 jobs)"));
  }

  @Test
  public void aSchemaJobHasItsFieldsExtractedFromEveryPage() throws Exception {
    ObjectMapper json = new ObjectMapper();
    int pages = 0;
    try (ResultSet rows = query(
        "SELECT url, data, ai_extraction_failed, input_tokens, credits_used FROM " + pages()
            + " WHERE job_id = 'b-schema' ORDER BY url")) {
      while (rows.next()) {
        pages++;
        String path = rows.getString(1).substring(b.url("").length());
        JsonNode data = json.readTree(rows.getString(2));
        assertEquals("Page " + path, data.get("heading").asText());
        List<String> links = new ArrayList<>();
        data.get("links").forEach(link -> links.add(link.asText()));
        assertEquals(b.links.get(rows.getString(1)), links);
        assertFalse(rows.getBoolean(3));
        assertEquals(0, rows.getLong(4));
        assertEquals(2.0, rows.getDouble(5), 0);
      }
    }
    assertEquals(EXPECTED.get("b-schema").size(), pages);
    assertThat(pages, greaterThan(1));
    try (ResultSet row = query("SELECT extractor, schema FROM " + jobs() + " WHERE id = 'b-schema'")) {
      assertTrue(row.next());
      assertEquals("css_schema", row.getString(1));
      assertThat(row.getString(2), containsString("\"links\""));
    }
    try (ResultSet row = query("SELECT DISTINCT extractor FROM " + jobs() + " WHERE id <> 'b-schema'")) {
      assertTrue(row.next());
      assertEquals("metadata", row.getString(1));
      assertFalse(row.next());
    }
  }

  @Test
  public void withoutAllowPrivateNetworksALoopbackSiteIsNeverContacted() throws Exception {
    int before = c.server.requests().size();
    Path guarded = TMP.newFolder("guarded").toPath();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        new Launcher(stream, stream)
            .run(new String[] {c.url("/"), "--output=" + guarded, "--runId=guarded"});
    assertEquals(bytes.toString(StandardCharsets.UTF_8), 0, code);
    assertEquals(before, c.server.requests().size());
    try (ResultSet row = query(
        "SELECT status, error_type, error_message FROM read_parquet('" + guarded
            + "/pages/*/*.parquet')")) {
      assertTrue(row.next());
      assertEquals("failed", row.getString(1));
      assertEquals("forbidden_address", row.getString(2));
      assertThat(row.getString(3), containsString("a loopback address"));
      assertFalse(row.next());
    }
  }

  /**
   * What the sites allow, known from how they are built: a-wide and a-small stop at their budgets
   * (60 and 5 of the grid's 150 pages), a-chain at its depth (12 links down the 15-page chain: 13
   * pages), b-full takes all 30 of b's pages within its budget of 100.
   */
  @Test
  public void theBudgetsAndDepthsCutTheCrawlsThisTestIsAbout() throws SQLException {
    Map<String, List<Long>> rows = new TreeMap<>();
    try (ResultSet row = query(
        "SELECT j.id, count(p.url), j.urls_over_budget FROM " + jobs() + " j JOIN " + pages()
            + " p ON p.job_id = j.id WHERE j.id IN ('a-wide', 'a-small', 'a-chain', 'b-full')"
            + " GROUP BY j.id, j.urls_over_budget")) {
      while (row.next()) {
        rows.put(row.getString(1), List.of(row.getLong(2), row.getLong(3) > 0 ? 1L : 0L));
      }
    }
    assertEquals(
        Map.of(
            "a-wide", List.of(60L, 1L),
            "a-small", List.of(5L, 1L),
            "a-chain", List.of(13L, 0L),
            "b-full", List.of(30L, 0L)),
        rows);
  }

  @Test
  public void eachJobFetchedExactlyTheUrlsOfItsBudgetAndDepth() throws SQLException {
    Map<String, List<String>> actual = new TreeMap<>();
    try (ResultSet rows = query("SELECT job_id, url FROM " + pages() + " ORDER BY job_id, url")) {
      while (rows.next()) {
        actual.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(rows.getString(2));
      }
    }
    for (Map.Entry<String, List<String>> job : EXPECTED.entrySet()) {
      assertEquals(
          job.getKey(),
          new TreeSet<>(job.getValue()),
          new TreeSet<>(actual.getOrDefault(job.getKey(), List.of())));
      assertEquals(
          job.getKey() + " fetched a URL twice",
          job.getValue().size(),
          actual.getOrDefault(job.getKey(), List.of()).size());
    }
  }

  @Test
  public void theServersSawEachRequestOncePerJobAndNeverADisallowedOne() {
    Map<String, Long> expectedRequests = new HashMap<>();
    EXPECTED.values().forEach(urls -> urls.forEach(url -> expectedRequests.merge(url, 1L, Long::sum)));
    a.redirects.forEach((from, to) -> {
      if (expectedRequests.containsKey(from)) {
        expectedRequests.merge(to, 1L, Long::sum);
      }
    });
    for (TestSite site : List.of(a, b)) {
      Map<String, Long> actual =
          site.server.requestedPaths().stream()
              .filter(path -> !path.equals("/robots.txt") && !path.equals("/sitemap.xml"))
              .collect(Collectors.groupingBy(site::url, TreeMap::new, Collectors.counting()));
      Map<String, Long> expected = new TreeMap<>();
      expectedRequests.forEach((url, n) -> {
        if (url.startsWith(site.server.baseUrl() + "/")) {
          expected.put(url, n);
        }
      });
      assertEquals(expected, actual);
    }
    assertEquals(0, a.server.count("/private/secret"));
    assertEquals(0, a.server.count("/nofollow-only"));
    assertEquals(List.of("/robots.txt"), c.server.requestedPaths());
  }

  @Test
  public void failedAndSpecialPagesAreRecordedWithTheirDetail() throws SQLException {
    try (ResultSet row = query(
        "SELECT status, error_type, status_code, error_message FROM " + pages()
            + " WHERE job_id = 'a-wide' AND url = '" + a.url("/broken") + "'")) {
      assertTrue(row.next());
      assertEquals("failed", row.getString(1));
      assertEquals("http_error", row.getString(2));
      assertEquals(404, row.getInt(3));
    }
    try (ResultSet row = query(
        "SELECT status, content_mime_type, markdown, data FROM " + pages()
            + " WHERE job_id = 'a-wide' AND url = '" + a.url("/file.csv") + "'")) {
      assertTrue(row.next());
      assertEquals("success", row.getString(1));
      assertEquals("text/csv", row.getString(2));
      assertEquals(null, row.getString(3));
      assertEquals(null, row.getString(4));
    }
    try (ResultSet row = query(
        "SELECT final_url, fetch_redirect, status_code FROM " + pages()
            + " WHERE url = '" + a.url("/moved") + "'")) {
      assertTrue(row.next());
      assertEquals(a.url("/g/1"), row.getString(1));
      assertEquals(a.url("/g/1"), row.getString(2));
      assertEquals(200, row.getInt(3));
    }
    try (ResultSet row = query(
        "SELECT title, depth, parent_url, markdown, html, data, url_host_name, url_surtkey, "
            + "content_charset, content_languages, outlinks_count, credits_used, content_digest "
            + "FROM " + pages() + " WHERE job_id = 'a-wide' AND url = '" + a.url("/g/0") + "'")) {
      assertTrue(row.next());
      assertEquals("/g/0", row.getString(1));
      assertEquals(1, row.getInt(2));
      assertEquals(a.url("/"), row.getString(3));
      assertThat(row.getString(4), containsString("](" + a.url("/g/1") + ")"));
      assertThat(row.getString(5), containsString("<h1>Page /g/0</h1>"));
      assertThat(row.getString(6), containsString("\"title\""));
      assertEquals("127.0.0.2", row.getString(7));
      assertThat(row.getString(8), containsString(")/g/0"));
      assertEquals("UTF-8", row.getString(9).toUpperCase());
      assertEquals("en", row.getString(10));
      assertEquals(6, row.getInt(11));
      assertEquals(2.0, row.getDouble(12), 0);
      assertThat(row.getString(13), containsString("sha256:"));
    }
  }

  @Test
  public void jobRowsAddUpTheirPagesAndAccountForEveryDiscoveredUrl() throws SQLException {
    Map<String, Long> pagesPerJob = new HashMap<>();
    try (ResultSet rows = query("SELECT job_id, count(*) FROM " + pages() + " GROUP BY job_id")) {
      while (rows.next()) {
        pagesPerJob.put(rows.getString(1), rows.getLong(2));
      }
    }
    try (ResultSet rows = query(
        "SELECT id, pages_crawled, pages_failed, status, urls_discovered, urls_out_of_scope, "
            + "urls_disallowed_by_robots, urls_over_budget, credits_used, max_pages, "
            + "status_code_counts, bytes_fetched, urls_filtered_as_trap, trap_reason_counts FROM "
            + jobs() + " ORDER BY id")) {
      int jobs = 0;
      while (rows.next()) {
        jobs++;
        String id = rows.getString(1);
        long fetched = rows.getLong(2) + rows.getLong(3);
        assertEquals(id, pagesPerJob.getOrDefault(id, 0L).longValue(), fetched);
        assertTrue(id, fetched <= rows.getLong(10));
        assertEquals(
            id + ": every discovered URL is fetched or has a reason",
            rows.getLong(5),
            fetched + rows.getLong(6) + rows.getLong(7) + rows.getLong(8) + rows.getLong(13));
        assertEquals(id, rows.getLong(2) * 2.0, rows.getDouble(9), 0);
        if (id.equals("c-robots")) {
          assertEquals("failed", rows.getString(4));
          assertEquals(1, rows.getLong(7));
        } else {
          assertEquals("completed", rows.getString(4));
          assertThat(rows.getLong(12), greaterThan(0L));
        }
        if (id.equals("a-wide")) {
          assertThat(rows.getLong(8), greaterThan(0L));
          assertThat(rows.getLong(6), greaterThan(0L));
          assertEquals(1, rows.getLong(7));
          assertThat(rows.getString(11), containsString("404=1"));
          assertEquals(2, rows.getLong(13));
          assertThat(rows.getString(14), containsString("repeated_segment=1"));
          assertThat(rows.getString(14), containsString("too_many_query_params=1"));
        }
      }
      assertEquals(6, jobs);
    }
  }

  @Test
  public void theOutputIsCommittedPartitionsWithASummaryAndTheRejectedLines() throws Exception {
    assertTrue(Files.isDirectory(output.resolve("pages/crawl=first")));
    assertTrue(Files.isDirectory(output.resolve("jobs/crawl=first")));
    try (Stream<Path> entries = Files.list(output)) {
      assertFalse(entries.anyMatch(p -> p.getFileName().toString().startsWith(".")));
    }
    List<String> rejected = Files.readAllLines(output.resolve("rejected/crawl=first/rejected.jsonl"));
    assertEquals(3, rejected.size());
    assertThat(rejected.get(0), containsString("\"line_number\":7"));

    JsonNode summary = new ObjectMapper().readTree(output.resolve("summary-first.json").toFile());
    assertEquals("first", summary.get("run_id").asText());
    assertEquals(6, summary.get("jobs").size());
    long expectedPages = EXPECTED.values().stream().mapToLong(List::size).sum();
    long pagesInSummary =
        summary.get("totals").get("pages_crawled").asLong() + summary.get("totals").get("pages_failed").asLong();
    assertEquals(expectedPages, pagesInSummary);
    assertEquals(3, summary.get("rejected").size());
  }

  @Test
  public void thePagesTableHasTheDocumentedColumnsAndTypes() throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (ResultSet rows = query("DESCRIBE SELECT * FROM " + pages())) {
      while (rows.next()) {
        columns.put(rows.getString("column_name"), rows.getString("column_type"));
      }
    }
    assertThat(columns.keySet(), hasItems(
        "job_id", "id", "url", "final_url", "depth", "parent_url", "status", "error_type",
        "error_message", "title", "markdown", "html", "data", "ai_extraction_failed",
        "input_tokens", "output_tokens", "credits_used", "created_at", "method", "status_code",
        "request_headers", "response_headers", "response_cookies", "tls_version",
        "tls_cipher_suite", "time_ms", "size_bytes", "url_surtkey", "url_host_name",
        "url_host_registered_domain", "url_protocol", "url_path", "url_query", "fetch_time",
        "fetch_status", "fetch_redirect", "content_digest", "content_mime_type",
        "content_mime_detected", "content_charset", "content_languages", "content_truncated",
        "canonical_url", "outlinks_count", "crawl"));
    assertEquals("BIGINT", columns.get("input_tokens"));
    assertEquals("DOUBLE", columns.get("credits_used"));
    assertEquals("BOOLEAN", columns.get("ai_extraction_failed"));
    assertThat(columns.get("created_at"), containsString("TIMESTAMP"));
    assertThat(columns.get("request_headers"), containsString("STRUCT(\"name\" VARCHAR, \"value\" VARCHAR)[]"));
    long expectedPages = EXPECTED.values().stream().mapToLong(List::size).sum();
    try (ResultSet count = query("SELECT count(*), count(DISTINCT id) FROM " + pages())) {
      count.next();
      assertEquals(expectedPages, count.getLong(1));
      assertEquals(expectedPages, count.getLong(2));
    }
  }

  private static String pages() {
    return "read_parquet('" + output + "/pages/*/*.parquet', hive_partitioning = true)";
  }

  private static String jobs() {
    return "read_parquet('" + output + "/jobs/*/*.parquet', hive_partitioning = true)";
  }

}
