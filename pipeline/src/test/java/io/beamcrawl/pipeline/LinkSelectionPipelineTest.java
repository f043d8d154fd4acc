package io.beamcrawl.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.beamcrawl.testing.FakeChatServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Jobs whose links a model picks ({@code link_selection: "llm"}), through the whole pipeline
 * against a local OpenAI-compatible server: the crawl follows what the model picks, the calls'
 * tokens are on the pages and in the jobs' totals and credits, shown apart, and a model that
 * fails leaves the choice to the offline score, counted.
 */
public class LinkSelectionPipelineTest {

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static final String INSTRUCTION = "Find the pages about fruit";

  private static TestSite site;
  private static FakeChatServer llm;
  private static Path output;
  private static String console;
  private static int exitCode;
  private static final List<String> fetched = new ArrayList<>();
  private static long pickPromptTokens;
  private static long pickCompletionTokens;
  private static long extractionPromptTokens;
  private static int pickRequests;

  @BeforeClass
  public static void crawl() throws Exception {
    site = new TestSite("127.0.0.16");
    site.page("/", "/fruit/apples", "/fruit/pears", "/tools/rakes", "/tools/spades");
    site.page("/fruit/apples", "/fruit/plums", "/tools/hoes");
    site.page("/fruit/pears");
    site.page("/fruit/plums");
    site.page("/tools/rakes");
    site.page("/tools/spades");
    site.page("/tools/hoes");

    llm = FakeChatServer.start().answerWith(LinkSelectionPipelineTest::answer);
    String base = site.url("/");
    Path jobs = TMP.newFile("jobs.jsonl").toPath();
    Files.write(
        jobs,
        List.of(
            "{\"id\":\"picked\",\"base_url\":\"" + base + "\",\"crawl_instruction\":\""
                + INSTRUCTION + "\",\"link_selection\":\"llm\"}",
            "{\"id\":\"picked-and-extracted\",\"base_url\":\"" + base + "\",\"crawl_instruction\":\""
                + INSTRUCTION + "\",\"link_selection\":\"llm\","
                + "\"transform_instruction\":\"Give the page title\"}"));
    output = TMP.newFolder("out").toPath();
    exitCode = run(jobs, output, llm, "picks");
    site.server.requestedPaths().forEach(fetched::add);
    for (FakeChatServer.RecordedRequest request : llm.requests()) {
      if (isLinkPick(request.json())) {
        pickRequests++;
      }
    }
    pickPromptTokens = sumOfPages("crawl_input_tokens");
    pickCompletionTokens = sumOfPages("crawl_output_tokens");
    extractionPromptTokens = sumOfPages("input_tokens - crawl_input_tokens");
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

  /** The model: picks the fruit pages among the links, and gives any other page its title. */
  private static String answer(JsonNode request) {
    return isLinkPick(request)
        ? FakeChatServer.pickLinks(request, url -> url.contains("/fruit/"))
        : FakeChatServer.titleAnswer(request);
  }

  private static boolean isLinkPick(JsonNode request) {
    return FakeChatServer.lastMessage(request, "system").contains("web crawler follows");
  }

  private static int run(Path jobs, Path out, FakeChatServer model, String runId) {
    Cli run =
        Cli.run(
                  "--jobs=" + jobs,
                  "--output=" + out,
                  "--runId=" + runId,
                  "--allowPrivateNetworks",
                  "--relevanceModel=lexical",
                  "--llmEndpoint=" + model.endpoint(),
                  "--llmModel=test-model",
                  "--llmApiKeyEnv=",
                  "--llmMaxAttempts=1",
                  "--progressSeconds=1");
    console = run.console();
    return run.exitCode();
  }

  @Test
  public void theCrawlFollowsTheLinksTheModelPicks() throws SQLException {
    assertEquals(console, 0, exitCode);
    assertFalse("no tool page asked for: " + fetched, fetched.stream().anyMatch(p -> p.startsWith("/tools/")));
    try (ResultSet rows = Lake.query(
        "SELECT job_id, string_agg(url, ' ' ORDER BY url) FROM " + pages() + " GROUP BY job_id ORDER BY job_id")) {
      for (String job : List.of("picked", "picked-and-extracted")) {
        assertTrue(rows.next());
        assertEquals(job, rows.getString(1));
        assertEquals(
            String.join(" ", site.url("/"), site.url("/fruit/apples"), site.url("/fruit/pears"),
                site.url("/fruit/plums")),
            rows.getString(2));
      }
    }
    // The pages with new links, / and /fruit/apples, were asked about, once per job.
    assertEquals(4, pickRequests);
  }

  @Test
  public void theCallsTokensAreInTheJobsTotalsAndShownApart() throws SQLException {
    assertEquals(llm.promptTokensReported(), pickPromptTokens + extractionPromptTokens);
    assertTrue(pickPromptTokens > 0 && pickCompletionTokens > 0);
    try (ResultSet rows = Lake.query(
        "SELECT j.id, j.input_tokens, j.crawl_input_tokens, j.output_tokens, j.crawl_output_tokens,"
            + " j.link_selection, j.link_selections_failed, j.urls_below_relevance,"
            + " p.input_tokens, p.crawl_input_tokens, p.output_tokens, p.crawl_output_tokens, p.credits"
            + " FROM " + jobs() + " j JOIN (SELECT job_id, sum(input_tokens) AS input_tokens,"
            + " sum(crawl_input_tokens) AS crawl_input_tokens, sum(output_tokens) AS output_tokens,"
            + " sum(crawl_output_tokens) AS crawl_output_tokens, sum(credits_used) AS credits"
            + " FROM " + pages() + " GROUP BY job_id) p ON p.job_id = j.id ORDER BY j.id")) {
      assertTrue(rows.next());
      assertEquals("picked", rows.getString(1));
      // Links were its only model calls: all its tokens are the crawl's.
      assertEquals(rows.getLong(2), rows.getLong(3));
      assertEquals(rows.getLong(4), rows.getLong(5));
      assertTrue(rows.getLong(3) > 0);
      assertEquals("llm", rows.getString(6));
      assertEquals(0, rows.getLong(7));
      assertEquals("the three tool pages the model left", 3, rows.getLong(8));
      assertEquals(rows.getLong(2), rows.getLong(9));
      assertEquals(rows.getLong(3), rows.getLong(10));
      // Four pages at 2 credits, and the tokens at 0.4 and 1.0 credits per 1,000.
      assertEquals(8 + rows.getLong(3) * 0.4 / 1000 + rows.getLong(5) / 1000.0, rows.getDouble(13), 1e-6);

      assertTrue(rows.next());
      assertEquals("picked-and-extracted", rows.getString(1));
      assertTrue("extraction's tokens as well", rows.getLong(2) > rows.getLong(3));
      assertEquals(rows.getLong(2), rows.getLong(9));
      assertEquals(rows.getLong(3), rows.getLong(10));
      assertEquals(rows.getLong(4), rows.getLong(11));
      assertEquals(rows.getLong(5), rows.getLong(12));
      assertFalse(rows.next());
    }
  }

  @Test
  public void aFailingModelLeavesTheChoiceToTheOfflineScoreAndIsCounted() throws Exception {
    Path jobs = TMP.newFile().toPath();
    Files.writeString(
        jobs,
        "{\"id\":\"fallback\",\"base_url\":\"" + site.url("/") + "\",\"crawl_instruction\":\""
            + INSTRUCTION + "\",\"link_selection\":\"llm\"}");
    Path out = TMP.newFolder().toPath();
    try (FakeChatServer failing = FakeChatServer.start().failNext(100, 400)) {
      assertEquals(console, 0, run(jobs, out, failing, "fallback"));
      assertEquals(2, failing.requests().size());
    }
    try (ResultSet row = Lake.query(
        "SELECT count(*), count(link_selection_error), min(link_selection_error), sum(crawl_input_tokens)"
            + " FROM " + Lake.table(out, "pages"))) {
      assertTrue(row.next());
      assertEquals("the offline score follows every link: the budget allows it", 7, row.getLong(1));
      assertEquals(2, row.getLong(2));
      assertThat(row.getString(3), containsString("link selection failed: HTTP 400"));
      assertEquals(0, row.getLong(4));
    }
    try (ResultSet row = Lake.query("SELECT link_selections_failed, urls_below_relevance FROM " + Lake.table(out, "jobs"))) {
      assertTrue(row.next());
      assertEquals(2, row.getLong(1));
      assertEquals(0, row.getLong(2));
    }
  }

  @Test
  public void linkSelectionByModelWithoutAModelIsRefusedBeforeAnythingRuns() throws Exception {
    Path jobs = TMP.newFile().toPath();
    Files.writeString(
        jobs,
        "{\"id\":\"x\",\"base_url\":\"" + site.url("/") + "\",\"crawl_instruction\":\"fruit\","
            + "\"link_selection\":\"llm\"}");
    Path nowhere = TMP.getRoot().toPath().resolve("never-written");
    Cli refused = Cli.run("--jobs=" + jobs, "--output=" + nowhere);
    assertEquals(Launcher.USAGE, refused.exitCode());
    assertThat(
        refused.console(),
        containsString("job \"x\" has link_selection llm, which needs an LLM: set --llmEndpoint and --llmModel"));
    assertTrue(Files.notExists(nowhere));
  }

  private static long sumOfPages(String expression) throws SQLException {
    try (ResultSet row = Lake.query("SELECT sum(" + expression + ") FROM " + pages())) {
      row.next();
      return row.getLong(1);
    }
  }

  private static String pages() {
    return Lake.table(output, "pages");
  }

  private static String jobs() {
    return Lake.table(output, "jobs");
  }
}
