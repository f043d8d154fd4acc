package io.beamcrawl.extract.llm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamcrawl.extract.ExtractionResult;
import io.beamcrawl.extract.Extractor;
import io.beamcrawl.extract.PageContent;
import io.beamcrawl.testing.FakeChatServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class LlmExtractorTest {

  private static final String KEY_ENV = "TEST_LLM_API_KEY";
  private static final String KEY = "sk-test-93be0d27c5aa";
  private static final String INSTRUCTION = "Extract the product's title.";
  private static final String TITLE_SCHEMA =
      "{\"type\":\"object\",\"required\":[\"title\"],\"additionalProperties\":false,"
          + "\"properties\":{\"title\":{\"type\":\"string\"}}}";
  private static final PageContent PAGE =
      new PageContent("https://shop.example/widget", "<html></html>", "# Widget Pro\n\nThe best widget.");
  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeChatServer server;
  private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
  private Map<String, String> environment = Map.of();

  @Before
  public void startServer() {
    server = FakeChatServer.start();
  }

  @After
  public void stopServer() {
    server.close();
  }

  private LlmSettings settings() {
    return LlmSettings.of(server.endpoint(), "test-model")
        .withApiKeyEnv(KEY_ENV)
        .withTokenLimits(2_000, 256)
        .withTimeout(Duration.ofSeconds(2))
        .withRetries(3, Duration.ofMillis(100), Duration.ofSeconds(1));
  }

  private LlmExtractor extractor(LlmSettings settings, String schema) {
    Map<String, String> env = environment;
    return LlmExtractor.create(settings, INSTRUCTION, schema)
        .withClientFactory(s -> new ChatClient(s, env::get, waits::add, () -> 1.0, Clock.systemUTC()));
  }

  private LlmExtractor extractor(String schema) {
    return extractor(settings(), schema);
  }

  private JsonNode lastRequest() {
    List<FakeChatServer.RecordedRequest> requests = server.requests();
    return requests.get(requests.size() - 1).json();
  }

  @Test
  public void extractsJsonAndRecordsTheTokensTheServerReported() {
    ExtractionResult result = extractor(null).extract(PAGE);

    assertFalse(result.failureReason(), result.failed());
    assertEquals("{\"title\":\"Widget Pro\"}", result.dataJson());
    assertNull(result.failureReason());
    assertEquals(server.promptTokensReported(), result.inputTokens());
    assertEquals(server.completionTokensReported(), result.outputTokens());
    assertTrue(result.inputTokens() > 0);
    assertFalse(result.tokensEstimated());
    assertEquals(1, result.attempts());
    assertFalse(result.inputTruncated());
    assertTrue(extractor(null).usesModel());
  }

  @Test
  public void promptsWithTheInstructionUrlAndMarkdown() {
    extractor(null).extract(PAGE);

    JsonNode request = lastRequest();
    String system = FakeChatServer.lastMessage(request, "system");
    String user = FakeChatServer.lastMessage(request, "user");
    assertEquals(LlmExtractor.SYSTEM_MESSAGE, system);
    assertTrue(system.contains("JSON"));
    assertEquals(
        "Instruction: " + INSTRUCTION + "\n\nPage URL: https://shop.example/widget"
            + "\n\nPage content (markdown):\n\n# Widget Pro\n\nThe best widget.",
        user);
    assertFalse("no schema, no response_format", request.has("response_format"));
  }

  @Test
  public void tokensOfManyConcurrentPagesAddUpToWhatTheServerReported() throws Exception {
    LlmExtractor extractor = extractor(TITLE_SCHEMA);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<ExtractionResult>> results = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      PageContent page = new PageContent("https://shop.example/" + i, "",
          "# Product " + i + "\n\n" + "words ".repeat(i));
      results.add(pool.submit(() -> extractor.extract(page)));
    }
    long input = 0;
    long output = 0;
    for (int i = 0; i < results.size(); i++) {
      ExtractionResult result = results.get(i).get();
      assertFalse(result.failureReason(), result.failed());
      assertEquals("{\"title\":\"Product " + i + "\"}", result.dataJson());
      input += result.inputTokens();
      output += result.outputTokens();
    }
    pool.shutdown();
    assertEquals(40, server.requests().size());
    assertEquals(server.promptTokensReported(), input);
    assertEquals(server.completionTokensReported(), output);
  }

  @Test
  public void sendsTheSchemaAndAcceptsAnAnswerThatMatchesIt() throws Exception {
    ExtractionResult result = extractor(TITLE_SCHEMA).extract(PAGE);

    assertFalse(result.failureReason(), result.failed());
    assertEquals("{\"title\":\"Widget Pro\"}", result.dataJson());
    JsonNode format = lastRequest().get("response_format");
    assertEquals("json_schema", format.get("type").asText());
    assertTrue(format.at("/json_schema/strict").asBoolean());
    assertEquals(JSON.readTree(TITLE_SCHEMA), format.at("/json_schema/schema"));
  }

  @Test
  public void anAnswerBreakingTheSchemaFailsWithTheProblemAndKeepsTheMarkdown() {
    server.violateSchemaNext(1);
    ExtractionResult result = extractor(TITLE_SCHEMA).extract(PAGE);

    assertTrue(result.failed());
    assertEquals(PAGE.markdown(), result.dataJson());
    assertEquals(
        "the answer does not match the schema: $.title: integer found, string expected",
        result.failureReason());
    assertEquals("the tokens were spent all the same",
        server.promptTokensReported(), result.inputTokens());
    assertEquals(server.completionTokensReported(), result.outputTokens());
    assertEquals(1, result.attempts());
  }

  @Test
  public void aMissingRequiredFieldIsNamed() {
    server.answerNext(1, "{}");
    ExtractionResult result = extractor(TITLE_SCHEMA).extract(PAGE);

    assertTrue(result.failed());
    assertTrue(result.failureReason(), result.failureReason().contains("required property 'title' not found"));
  }

  @Test
  public void unwrapsAnAnswerInAJsonCodeFence() {
    server.fencedNext(1);
    ExtractionResult result = extractor(TITLE_SCHEMA).extract(PAGE);

    assertFalse(result.failureReason(), result.failed());
    assertEquals("{\"title\":\"Widget Pro\"}", result.dataJson());
  }

  @Test
  public void unwrapsAPlainCodeFenceAfterProse() {
    server.answerNext(1, "Here is the data:\n```\n{\"title\": \"Widget Pro\", \"price\": 9.5}\n```\n");
    ExtractionResult result = extractor(null).extract(PAGE);

    assertFalse(result.failureReason(), result.failed());
    assertEquals("{\"title\":\"Widget Pro\",\"price\":9.5}", result.dataJson());
  }

  @Test
  public void withoutASchemaAProseAnswerIsWrappedAsResult() {
    server.answerNext(1, "The page sells the Widget Pro.");
    ExtractionResult result = extractor(null).extract(PAGE);

    assertFalse(result.failed());
    assertEquals("{\"result\":\"The page sells the Widget Pro.\"}", result.dataJson());
  }

  @Test
  public void aNumberFollowedByProseIsNotTakenForJson() {
    server.answerNext(1, "42 widgets");
    ExtractionResult result = extractor(null).extract(PAGE);

    assertEquals("{\"result\":\"42 widgets\"}", result.dataJson());
  }

  @Test
  public void withASchemaAProseAnswerFails() {
    server.answerNext(1, "The page sells the Widget Pro.");
    ExtractionResult result = extractor(TITLE_SCHEMA).extract(PAGE);

    assertTrue(result.failed());
    assertEquals("the answer is not JSON: The page sells the Widget Pro.", result.failureReason());
    assertEquals(PAGE.markdown(), result.dataJson());
  }

  @Test
  public void anAnswerCutOffAtMaxTokensFails() {
    server.cutOffNext(1);
    ExtractionResult result = extractor(null).extract(PAGE);

    assertTrue(result.failed());
    assertTrue(result.failureReason(), result.failureReason().startsWith("the answer was cut off at max_tokens"));
    assertEquals(server.completionTokensReported(), result.outputTokens());
  }

  @Test
  public void withoutUsageTheTokensAreCountedAndMarkedEstimated() {
    server.withoutUsageNext(1);
    ExtractionResult result = extractor(null).extract(PAGE);

    assertFalse(result.failed());
    assertTrue(result.tokensEstimated());
    TokenCounter tokens = TokenCounter.get();
    JsonNode request = lastRequest();
    assertEquals(
        tokens.count(FakeChatServer.lastMessage(request, "system"))
            + tokens.count(FakeChatServer.lastMessage(request, "user")),
        result.inputTokens());
    assertEquals(tokens.count("{\"title\":\"Widget Pro\"}"), result.outputTokens());
    assertEquals(0, server.promptTokensReported());
  }

  @Test
  public void retriesRateLimitsAndRecordsTheAttempts() {
    server.rateLimitNext(2, "1");
    ExtractionResult result = extractor(null).extract(PAGE);

    assertFalse(result.failureReason(), result.failed());
    assertEquals(3, result.attempts());
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), waits);
    assertEquals(server.promptTokensReported(), result.inputTokens());
  }

  @Test
  public void fallsBackToTheMarkdownWhenRetriesRunOut() {
    server.failNext(3, 503);
    ExtractionResult result = extractor(null).extract(PAGE);

    assertTrue(result.failed());
    assertEquals(PAGE.markdown(), result.dataJson());
    assertEquals(3, result.attempts());
    assertEquals(
        "gave up after 3 attempts; last: HTTP 503: The server had an error", result.failureReason());
    assertEquals(0, result.inputTokens());
    assertEquals(0, result.outputTokens());
    assertFalse(result.tokensEstimated());
  }

  @Test
  public void fallsBackWhenEveryAttemptTimesOut() {
    server.delayNext(2, Duration.ofMillis(1_000));
    ExtractionResult result =
        extractor(settings().withTimeout(Duration.ofMillis(200))
            .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(10)), null)
            .extract(PAGE);

    assertTrue(result.failed());
    assertEquals(PAGE.markdown(), result.dataJson());
    assertEquals(2, result.attempts());
    assertEquals("gave up after 2 attempts; last: no answer within 200 ms", result.failureReason());
    assertEquals(0, result.inputTokens());
  }

  @Test
  public void aMalformedServerAnswerFallsBack() {
    server.malformedNext(1);
    ExtractionResult result = extractor(null).extract(PAGE);

    assertTrue(result.failed());
    assertEquals(1, result.attempts());
    assertTrue(result.failureReason(), result.failureReason().startsWith("the answer is not valid JSON"));
    assertEquals(0, result.inputTokens());
  }

  @Test
  public void cutsTheMarkdownToMaxInputTokensAndSaysSo() {
    String markdown = "# Long page\n\n" + "lorem ipsum dolor sit amet ".repeat(400);
    ExtractionResult result =
        extractor(settings().withTokenLimits(50, 256), null)
            .extract(new PageContent("https://shop.example/long", "", markdown));

    assertFalse(result.failureReason(), result.failed());
    assertTrue(result.inputTruncated());
    String user = FakeChatServer.lastMessage(lastRequest(), "user");
    String sentPage = user.substring(user.indexOf("# Long page"), user.indexOf("\n\n[The page was cut here"));
    assertTrue(markdown.startsWith(sentPage));
    assertEquals(50, TokenCounter.get().count(sentPage));
    assertTrue(user.endsWith("[The page was cut here: only its first 50 tokens are shown.]"));
  }

  @Test
  public void theApiKeyGoesInTheHeaderAndNowhereElse() {
    environment = Map.of(KEY_ENV, KEY);
    server.requireApiKey(KEY);
    LlmExtractor extractor = extractor(null);
    ExtractionResult result = extractor.extract(PAGE);

    assertFalse(result.failureReason(), result.failed());
    assertEquals("Bearer " + KEY, server.requests().get(0).header("Authorization"));
    assertFalse(server.requests().get(0).body().contains(KEY));
    assertFalse(result.toString().contains(KEY));
    assertFalse(extractor.toString().contains(KEY));
    assertFalse(settings().toString().contains(KEY));
  }

  @Test
  public void aRejectedKeyIsNotRepeatedInTheReason() {
    environment = Map.of(KEY_ENV, KEY);
    server.requireApiKey("sk-another-key");
    ExtractionResult result = extractor(null).extract(PAGE);

    assertTrue(result.failed());
    assertEquals(1, result.attempts());
    assertTrue(result.failureReason(), result.failureReason().startsWith("HTTP 401"));
    assertFalse(result.failureReason().contains(KEY));
    assertFalse(result.toString().contains(KEY));
  }

  @Test
  public void noKeyInTheEnvironmentMeansNoAuthorizationHeader() {
    extractor(null).extract(PAGE);

    assertNull(server.requests().get(0).header("Authorization"));
  }

  @Test
  public void survivesSerialisationAndWorksOnTheOtherSide() throws Exception {
    Extractor original =
        LlmExtractor.create(settings().withApiKeyEnv("BEAMCRAWL_TEST_UNSET_KEY"), INSTRUCTION, TITLE_SCHEMA);
    original.extract(PAGE); // its client and schema exist now; they must not be shipped

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(original);
    }
    Extractor copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (Extractor) in.readObject();
    }
    ExtractionResult result = copy.extract(PAGE);

    assertEquals(2, server.requests().size());
    assertFalse(result.failureReason(), result.failed());
    assertEquals("{\"title\":\"Widget Pro\"}", result.dataJson());
  }

  @Test
  public void rejectsASchemaThatIsNotJsonOrNotASchema() {
    IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
        () -> LlmExtractor.create(settings(), INSTRUCTION, "{not json"));
    assertTrue(notJson.getMessage().contains("not valid JSON"));
    IllegalArgumentException notSchema = assertThrows(IllegalArgumentException.class,
        () -> LlmExtractor.create(settings(), INSTRUCTION, "{\"type\": \"objekt\"}"));
    assertTrue(notSchema.getMessage(), notSchema.getMessage().contains("not a valid JSON Schema"));
  }

  @Test
  public void followsTheDraftTheSchemaNames() {
    String draft7 = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
        + "\"properties\":{\"title\":{\"type\":\"string\"}}}";
    server.violateSchemaNext(1);

    ExtractionResult result = extractor(draft7).extract(PAGE);
    assertTrue(result.failed());
    assertEquals(
        "the answer does not match the schema: $.title: integer found, string expected",
        result.failureReason());
  }

  @Test
  public void takesTheSchemaAsATree() throws Exception {
    LlmExtractor extractor = LlmExtractor.create(settings(), INSTRUCTION, JSON.readTree(TITLE_SCHEMA))
        .withClientFactory(s -> new ChatClient(s, name -> null, waits::add, () -> 1.0, Clock.systemUTC()));
    server.violateSchemaNext(1);

    assertTrue(extractor.extract(PAGE).failed());
  }
}
