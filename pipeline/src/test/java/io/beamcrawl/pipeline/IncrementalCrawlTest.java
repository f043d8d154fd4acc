package io.beamcrawl.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.testing.FakeChatServer;
import io.beamcrawl.testing.TestWebServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A site whose server sends ETag and Last-Modified and answers conditional requests, crawled in
 * full, then edited (a page changed, two deleted, one added and linked from the changed one, one
 * that failed now answering) and crawled with {@code --incremental=true}: the server's log shows
 * every earlier success asked with its validators, the model sees only new and changed pages, the
 * change counts are exact and unchanged rows carry their earlier data at no cost.
 */
public class IncrementalCrawlTest {

  private static final String VALIDATED = "Mon, 02 Nov 2026 10:00:00 GMT";
  private static final String EDITED = "Tue, 01 Dec 2026 09:00:00 GMT";

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final TestWebServer server = TestWebServer.start("127.0.0.25");
  private final FakeChatServer llm = FakeChatServer.start();
  /** Path to its page; a path missing answers 404. */
  private final Map<String, Page> pages = new ConcurrentHashMap<>();

  /** A page and the validators its responses carry: its ETag, and its date when it has one. */
  private record Page(String html, boolean etag, String lastModified, int status) {}

  @After
  public void close() {
    server.close();
    llm.close();
  }

  @Test
  public void aSecondCrawlAsksWithValidatorsAndCarriesOverWhatIsUnchanged() throws Exception {
    serve("/", true, true, "/a", "/b", "/c", "/d", "/flaky");
    serve("/a", true, false, "/");
    serve("/b", false, true, "/e");
    serve("/c", false, false);
    serve("/d", true, false);
    serve("/e", true, true);
    pages.put("/flaky", new Page(html("/flaky"), false, null, 403));
    for (String path : List.of("/", "/a", "/b", "/c", "/d", "/e", "/flaky")) {
      server.handler(path, exchange -> answer(path, exchange));
    }
    Path output = tmp.newFolder().toPath();

    Cli first = crawl(output, "first");
    assertEquals(first.console(), 0, first.exitCode());
    assertTrue(first.console(), first.console().contains("no earlier crawl"));
    assertEquals(6, llm.requests().size());

    // The edit: /b changes and links to a new page instead of /e; /d and /e are deleted (nothing
    // links to /e any more); /flaky answers now.
    serve("/b", false, true, "/new");
    pages.remove("/d");
    pages.remove("/e");
    serve("/new", true, true);
    server.handler("/new", exchange -> answer("/new", exchange));
    pages.put("/flaky", new Page(html("/flaky"), false, null, 200));
    server.clearLog();
    int callsBefore = llm.requests().size();

    Cli second = crawl(output, "second");
    assertEquals(second.console(), 0, second.exitCode());
    assertTrue(second.console(), second.console().contains("compared with its crawl in run first"));

    Map<String, String> validators = new TreeMap<>();
    for (TestWebServer.Request request : server.requests()) {
      if (!request.pathAndQuery().equals("/robots.txt") && !request.pathAndQuery().contains("sitemap")) {
        validators.put(
            request.pathAndQuery(),
            request.headers().getFirst("If-None-Match") + " | "
                + request.headers().getFirst("If-Modified-Since"));
      }
    }
    Map<String, String> expected = new TreeMap<>();
    expected.put("/", etag("/") + " | " + VALIDATED);
    expected.put("/a", etag("/a") + " | null");
    expected.put("/b", "null | " + VALIDATED);
    expected.put("/c", "null | null"); // its response had no validator: compared by digest
    expected.put("/d", etagOf(html("/d")) + " | null");
    expected.put("/e", etagOf(html("/e")) + " | " + VALIDATED);
    expected.put("/flaky", "null | null"); // no success to compare with: reached through / (304)
    expected.put("/new", "null | null");
    assertEquals(expected, validators);

    List<String> prompts =
        llm.requests().subList(callsBefore, llm.requests().size()).stream()
            .map(request -> request.json().toString())
            .toList();
    assertEquals(3, prompts.size());
    // Each prompt names its page's URL (the JSON-escaped line break after it ends the URL).
    for (String path : List.of("/b", "/new", "/flaky")) {
      String named = "Page URL: " + server.url(path) + "\\n";
      assertEquals(path, 1, prompts.stream().filter(p -> p.contains(named)).count());
    }

    Map<String, String> change = new TreeMap<>();
    Map<String, String> firstData = columnOf(output, "first", "data");
    Map<String, String> firstMarkdown = columnOf(output, "first", "markdown");
    try (ResultSet rows =
        Lake.query(
            "SELECT url_path, change_status, previous_crawl, data, input_tokens, output_tokens,"
                + " markdown, status_code FROM " + Lake.table(output, "pages")
                + " WHERE crawl = 'second'")) {
      while (rows.next()) {
        String path = rows.getString(1);
        change.put(path, rows.getString(2));
        assertEquals("first", rows.getString(3));
        if ("unchanged".equals(rows.getString(2))) {
          assertEquals(path, firstData.get(path), rows.getString(4));
          assertEquals(0, rows.getLong(5));
          assertEquals(0, rows.getLong(6));
          assertEquals(path, firstMarkdown.get(path), rows.getString(7));
          assertEquals(200, rows.getInt(8));
        }
      }
    }
    Map<String, String> expectedChange = new TreeMap<>();
    expectedChange.put("/", "unchanged");
    expectedChange.put("/a", "unchanged");
    expectedChange.put("/b", "changed");
    expectedChange.put("/c", "unchanged");
    expectedChange.put("/d", "gone");
    expectedChange.put("/e", "gone");
    expectedChange.put("/flaky", "new");
    expectedChange.put("/new", "new");
    assertEquals(expectedChange, change);

    try (ResultSet job =
        Lake.query(
            "SELECT crawl, previous_crawl, pages_new, pages_changed, pages_unchanged, pages_gone,"
                + " pages_crawled, pages_failed FROM " + Lake.table(output, "jobs") + " ORDER BY crawl")) {
      job.next();
      assertEquals("first", job.getString(1));
      assertNull(job.getString(2));
      assertNull(job.getObject(3));
      job.next();
      assertEquals("second", job.getString(1));
      assertEquals("first", job.getString(2));
      assertEquals(List.of(2L, 1L, 3L, 2L, 6L, 2L),
          List.of(job.getLong(3), job.getLong(4), job.getLong(5), job.getLong(6), job.getLong(7),
              job.getLong(8)));
    }
    try (ResultSet firstRows =
        Lake.query(
            "SELECT count(*), count(change_status) FROM " + Lake.table(output, "pages")
                + " WHERE crawl = 'first'")) {
      firstRows.next();
      assertEquals(7, firstRows.getLong(1));
      assertEquals("a full crawl compares nothing", 0, firstRows.getLong(2));
    }
  }

  @Test
  public void aJobWithNoEarlierCrawlIsCrawledInFullAndSaysSo() throws Exception {
    serve("/", true, true, "/a");
    serve("/a", true, true);
    for (String path : List.of("/", "/a")) {
      server.handler(path, exchange -> answer(path, exchange));
    }
    Path output = tmp.newFolder().toPath();
    Cli cli = crawl(output, "only");
    assertEquals(cli.console(), 0, cli.exitCode());
    assertTrue(cli.console(), cli.console().contains("no earlier crawl in " + output));
    assertTrue(server.requests().stream().noneMatch(r -> r.headers().containsKey("If-None-Match")));
    try (ResultSet job =
        Lake.query("SELECT previous_crawl, pages_new FROM " + Lake.table(output, "jobs"))) {
      job.next();
      assertNull(job.getString(1));
      assertNull(job.getObject(2));
    }
  }

  private Cli crawl(Path output, String runId) {
    return Cli.run(
        server.url("/"),
        "--output=" + output,
        "--runId=" + runId,
        "--allowPrivateNetworks",
        "--sitemap=skip",
        "--incremental=true",
        "--transformInstruction=Give the page title",
        "--llmEndpoint=" + llm.endpoint(),
        "--llmModel=test-model",
        "--maxPages=20");
  }

  /** Serves a page, or its next version (a new title and date) when it is served already. */
  private void serve(String path, boolean etag, boolean lastModified, String... links) {
    boolean edit = pages.containsKey(path);
    pages.put(path, new Page(html(path + (edit ? " v2" : ""), links), etag,
        lastModified ? (edit ? EDITED : VALIDATED) : null, 200));
  }

  private static String html(String title, String... links) {
    StringBuilder html = new StringBuilder("<!doctype html><html><head><title>")
        .append(title).append("</title></head><body><h1>Page ").append(title).append("</h1><ul>");
    for (String link : links) {
      html.append("<li><a href=\"").append(link).append("\">").append(link).append("</a></li>");
    }
    return html.append("</ul><p>Some text about ").append(title).append(".</p></body></html>").toString();
  }

  /** Answers as a server with validators does: 304 when the request's still hold. */
  private void answer(String path, com.sun.net.httpserver.HttpExchange exchange)
      throws java.io.IOException {
    Page page = pages.get(path);
    if (page == null) {
      TestWebServer.send(exchange, 404, "gone".getBytes(StandardCharsets.UTF_8));
      return;
    }
    String etag = etagOf(page.html());
    if (page.etag()) {
      exchange.getResponseHeaders().set("ETag", etag);
    }
    if (page.lastModified() != null) {
      exchange.getResponseHeaders().set("Last-Modified", page.lastModified());
    }
    String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
    String ifModifiedSince = exchange.getRequestHeaders().getFirst("If-Modified-Since");
    // RFC 9110: If-None-Match decides when present, else If-Modified-Since.
    boolean notModified =
        page.status() == 200
            && (ifNoneMatch != null
                ? page.etag() && ifNoneMatch.equals(etag)
                : ifModifiedSince != null && ifModifiedSince.equals(page.lastModified()));
    if (notModified) {
      TestWebServer.send(exchange, 304, new byte[0]);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    TestWebServer.send(exchange, page.status(), page.html().getBytes(StandardCharsets.UTF_8));
  }

  private String etag(String path) {
    return etagOf(pages.containsKey(path) ? pages.get(path).html() : html(path));
  }

  private static String etagOf(String html) {
    return "\"" + Integer.toHexString(html.hashCode()) + "\"";
  }

  private static Map<String, String> columnOf(Path output, String runId, String column)
      throws Exception {
    Map<String, String> values = new HashMap<>();
    try (ResultSet rows =
        Lake.query(
            "SELECT url_path, " + column + " FROM " + Lake.table(output, "pages")
                + " WHERE crawl = '" + runId + "'")) {
      while (rows.next()) {
        values.put(rows.getString(1), rows.getString(2));
      }
    }
    return values;
  }
}
