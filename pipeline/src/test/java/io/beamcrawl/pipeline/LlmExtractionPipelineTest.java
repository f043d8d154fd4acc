package io.beamcrawl.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamcrawl.stats.Pricing;
import io.beamcrawl.testing.FakeChatServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Transform-instruction jobs through the whole pipeline against a local server that speaks the
 * OpenAI chat-completions protocol, with rate limits, server errors, an answer without usage and
 * a malformed answer scripted in: every page is kept, every token the server reported is on a
 * page and in its job, retries are counted, and the API key is sent but never written.
 */
public class LlmExtractionPipelineTest {

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  static final String KEY_ENV = "BEAMCRAWL_TEST_LLM_KEY";
  private static final int ITEMS = 6;

  private static TestSite site;
  private static FakeChatServer llm;
  private static Path output;
  private static String console;
  private static int exitCode;
  private static String apiKey;
  // What the server had seen when the crawl ended (a later test extracts again).
  private static long promptTokens;
  private static long completionTokens;
  private static int llmRequests;

  @BeforeClass
  public static void crawl() throws Exception {
    apiKey = System.getenv(KEY_ENV);
    assertNotNull(KEY_ENV + " must be set for this test (the build sets it)", apiKey);
    site = new TestSite("127.0.0.7");
    List<String> items = new ArrayList<>();
    for (int i = 1; i <= ITEMS; i++) {
      items.add("/item/" + i);
      site.page("/item/" + i);
    }
    site.page("/", items.toArray(String[]::new));

    llm = FakeChatServer.start().requireApiKey(apiKey);
    llm.rateLimitNext(1, "1").failNext(1, 503).withoutUsageNext(1).malformedNext(1);

    String base = site.url("/");
    Path jobs = TMP.newFile("jobs.jsonl").toPath();
    Files.write(
        jobs,
        List.of(
            "{\"id\":\"plain\",\"base_url\":\"" + base + "\",\"max_depth\":1,"
                + "\"transform_instruction\":\"Give the page title\"}",
            "{\"id\":\"typed\",\"base_url\":\"" + base + "\",\"max_depth\":1,"
                + "\"transform_instruction\":\"Give the page title\","
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"title\":{\"type\":[\"string\",\"null\"]}},"
                + "\"required\":[\"title\"]}}",
            "{\"id\":\"capped\",\"base_url\":\"" + base + "\",\"max_depth\":1,\"max_credits\":5,"
                + "\"transform_instruction\":\"Give the page title\"}"));

    output = TMP.newFolder("out").toPath();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    exitCode =
        new Launcher(stream, stream)
            .run(
                new String[] {
                  "--jobs=" + jobs,
                  "--output=" + output,
                  "--runId=llm",
                  "--allowPrivateNetworks",
                  "--llmEndpoint=" + llm.endpoint(),
                  "--llmModel=test-model",
                  "--llmApiKeyEnv=" + KEY_ENV,
                  "--llmConcurrency=1",
                  "--llmMaxBackoffSeconds=2",
                  "--progressSeconds=1"
                });
    console = bytes.toString(StandardCharsets.UTF_8);
    promptTokens = llm.promptTokensReported();
    completionTokens = llm.completionTokensReported();
    llmRequests = llm.requests().size();
  }

  @AfterClass
  public static void stop() {
    if (site != null) {
      site.close();
    }
    if (llm != null) {
      llm.close();
    }
  }

  @Test
  public void everyPageIsKeptAndEveryReportedTokenIsOnAPage() throws SQLException {
    assertEquals(console, 0, exitCode);
    try (ResultSet row = Lake.query(
        "SELECT count(*), count(DISTINCT job_id),"
            + " sum(input_tokens) FILTER (WHERE NOT tokens_estimated),"
            + " sum(output_tokens) FILTER (WHERE NOT tokens_estimated),"
            + " count(*) FILTER (WHERE tokens_estimated), sum(extraction_attempts),"
            + " max(extraction_attempts)"
            + " FROM " + pages())) {
      assertTrue(row.next());
      assertEquals(3 * (ITEMS + 1), row.getLong(1));
      assertEquals(3, row.getLong(2));
      assertEquals(promptTokens, row.getLong(3));
      assertEquals(completionTokens, row.getLong(4));
      assertEquals(1, row.getLong(5));
      // Every request the server saw, 429 and 503 included, is an attempt on some page.
      assertEquals(llmRequests, row.getLong(6));
      assertTrue(row.getLong(7) >= 2);
    }
  }

  @Test
  public void failedExtractionsKeepThePageWithItsMarkdownAndReason() throws SQLException {
    try (ResultSet rows = Lake.query(
        "SELECT job_id, data, markdown, extraction_error FROM " + pages()
            + " WHERE ai_extraction_failed ORDER BY job_id, url")) {
      int malformed = 0;
      int overCap = 0;
      while (rows.next()) {
        assertEquals(rows.getString(3), rows.getString(2));
        String reason = rows.getString(4);
        assertNotNull(reason);
        if (reason.contains("credit cap")) {
          assertEquals("capped", rows.getString(1));
          overCap++;
        } else {
          malformed++;
        }
      }
      assertEquals(1, malformed);
      assertTrue("some of the capped job's pages went over its cap", overCap > 0);
    }
    try (ResultSet rows = Lake.query(
        "SELECT data FROM " + pages() + " WHERE NOT ai_extraction_failed AND job_id = 'typed'")) {
      int typed = 0;
      while (rows.next()) {
        assertThat(rows.getString(1), containsString("\"title\""));
        typed++;
      }
      assertTrue(typed >= ITEMS);
    }
  }

  @Test
  public void jobTotalsAreTheSumsOfTheirPagesAndTheCapIsRecorded() throws SQLException {
    try (ResultSet rows = Lake.query(
        "SELECT j.id, j.input_tokens, j.output_tokens, j.credits_used, j.extractor,"
            + " j.credit_limit_reached, j.pages_over_credit_budget, j.pages_extraction_failed,"
            + " p.input_tokens, p.output_tokens, p.credits, p.over_cap, p.failed"
            + " FROM " + jobs() + " j JOIN (SELECT job_id, sum(input_tokens) AS input_tokens,"
            + " sum(output_tokens) AS output_tokens, sum(credits_used) AS credits,"
            + " count(*) FILTER (WHERE extraction_error LIKE '%credit cap%') AS over_cap,"
            + " count(*) FILTER (WHERE ai_extraction_failed) AS failed"
            + " FROM " + pages() + " GROUP BY job_id) p ON p.job_id = j.id ORDER BY j.id")) {
      int jobs = 0;
      while (rows.next()) {
        jobs++;
        String id = rows.getString(1);
        assertEquals(id, rows.getLong(9), rows.getLong(2));
        assertEquals(id, rows.getLong(10), rows.getLong(3));
        assertEquals(id, Pricing.DEFAULT.jobCredits(rows.getDouble(11)), rows.getDouble(4), 0);
        assertEquals("llm", rows.getString(5));
        assertEquals(id, rows.getLong(12), rows.getLong(7));
        assertEquals(id, rows.getLong(13), rows.getLong(8));
        assertEquals(id, id.equals("capped"), rows.getBoolean(6));
      }
      assertEquals(3, jobs);
    }
    // Stopped at the cap: the pages that went to the model cost no more than the cap together.
    try (ResultSet row = Lake.query(
        "SELECT sum(credits_used), max(credits_used) FROM " + pages()
            + " WHERE job_id = 'capped' AND extraction_error IS DISTINCT FROM"
            + " 'not sent to the model: the job reached its credit cap'")) {
      assertTrue(row.next());
      assertTrue("credits of the pages sent: " + row.getDouble(1), row.getDouble(1) <= 5);
      assertTrue(row.getDouble(2) > 0);
    }
  }

  @Test
  public void theKeyIsSentAsABearerTokenAndWrittenNowhere() throws Exception {
    assertTrue(llm.requests().stream().allMatch(r -> ("Bearer " + apiKey).equals(r.header("Authorization"))));
    assertThat(console, not(containsString(apiKey)));
    try (ResultSet row = Lake.query(
        "SELECT count(*) FROM " + pages() + " WHERE data LIKE '%" + apiKey + "%'"
            + " OR extraction_error LIKE '%" + apiKey + "%' OR markdown LIKE '%" + apiKey + "%'")) {
      assertTrue(row.next());
      assertEquals(0, row.getLong(1));
    }
    try (Stream<Path> files = Files.walk(output)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(file.toString(), Files.readString(file, StandardCharsets.ISO_8859_1), not(containsString(apiKey)));
      }
    }
    assertEquals(
        3, new ObjectMapper().readTree(output.resolve("summary-llm.json").toFile()).get("jobs").size());
  }

  @Test
  public void theFailedPagesOfAJobCanBeExtractedAgainWithoutCrawling() throws Exception {
    long failedBefore;
    try (ResultSet row = Lake.query(
        "SELECT count(*) FROM " + pages() + " WHERE job_id = 'capped' AND ai_extraction_failed")) {
      row.next();
      failedBefore = row.getLong(1);
    }
    long promptTokensBefore = llm.promptTokensReported();
    int requestsToSiteBefore = site.server.requests().size();
    Path again = TMP.newFolder("again").toPath();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        new Launcher(stream, stream)
            .run(
                new String[] {
                  "extract",
                  "--from=" + output,
                  "--job=capped",
                  "--onlyFailed",
                  "--transform=Give the page title",
                  "--output=" + again,
                  "--runId=again",
                  "--llmEndpoint=" + llm.endpoint(),
                  "--llmModel=test-model",
                  "--llmApiKeyEnv=" + KEY_ENV
                });
    assertEquals(bytes.toString(StandardCharsets.UTF_8), 0, code);
    assertEquals("nothing was fetched", requestsToSiteBefore, site.server.requests().size());
    String newPages = "read_parquet('" + again + "/pages/*/*.parquet', hive_partitioning = true)";
    try (ResultSet row = Lake.query(
        "SELECT count(*), count(*) FILTER (WHERE ai_extraction_failed), sum(input_tokens),"
            + " min(job_id), max(job_id), min(crawl) FROM " + newPages)) {
      assertTrue(row.next());
      assertEquals(failedBefore, row.getLong(1));
      assertEquals(0, row.getLong(2));
      assertEquals(llm.promptTokensReported() - promptTokensBefore, row.getLong(3));
      assertEquals("capped-extract-again", row.getString(4));
      assertEquals(row.getString(4), row.getString(5));
      assertEquals("again", row.getString(6));
    }
    try (ResultSet row = Lake.query(
        "SELECT source_job_id, extractor, pages_crawled, input_tokens FROM read_parquet('" + again
            + "/jobs/*/*.parquet')")) {
      assertTrue(row.next());
      assertEquals("capped", row.getString(1));
      assertEquals("llm", row.getString(2));
      assertEquals(failedBefore, row.getLong(3));
      assertEquals(llm.promptTokensReported() - promptTokensBefore, row.getLong(4));
    }
  }

  @Test
  public void aTransformInstructionWithoutAnLlmIsRefusedBeforeAnythingRuns() throws Exception {
    Path jobs = TMP.newFile().toPath();
    Files.writeString(
        jobs, "{\"id\":\"x\",\"base_url\":\"" + site.url("/") + "\",\"transform_instruction\":\"t\"}");
    Path nowhere = TMP.getRoot().toPath().resolve("never-written");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        new Launcher(stream, stream)
            .run(new String[] {"--jobs=" + jobs, "--output=" + nowhere});
    assertEquals(Launcher.USAGE, code);
    assertThat(
        bytes.toString(StandardCharsets.UTF_8),
        containsString("job \"x\" has a transform instruction, which needs an LLM: set --llmEndpoint and --llmModel"));
    assertTrue(Files.notExists(nowhere));
  }

  @Test
  public void aJobThatIsNotThereIsRefusedSayingWhatIs() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        new Launcher(stream, stream)
            .run(new String[] {"extract", "--from=" + output, "--job=nope", "--transform=x"});
    assertEquals(Launcher.USAGE, code);
    assertThat(
        bytes.toString(StandardCharsets.UTF_8),
        containsString("job \"nope\" is in no run of " + output.resolve("jobs") + " (runs there: llm)"));
  }

  private static String pages() {
    return Lake.table(output, "pages");
  }

  private static String jobs() {
    return Lake.table(output, "jobs");
  }
}
