package io.beamcrawl.extract.llm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamcrawl.testing.FakeChatServer;
import io.beamcrawl.testing.FakeChatServer.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.junit.After;
import org.junit.Before;
import io.beamcrawl.util.Backoff;
import org.junit.Test;

public class ChatClientTest {

  private static final String KEY_ENV = "TEST_LLM_API_KEY";
  private static final String KEY = "sk-test-4f9a1c0e7b2d";
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private FakeChatServer server;
  private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
  private final ChatClient.Request request =
      new ChatClient.Request("Answer with JSON only.", "# Widget\n\nA widget page.", null);

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
        .withTokenLimits(1_000, 256)
        .withTimeout(Duration.ofSeconds(2))
        .withRetries(4, Duration.ofMillis(100), Duration.ofSeconds(1));
  }

  private ChatClient client(LlmSettings settings, Map<String, String> env, DoubleSupplier jitter) {
    return new ChatClient(
        settings, env::get, waits::add, jitter, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private ChatClient client(LlmSettings settings) {
    return client(settings, Map.of(), () -> 1.0);
  }

  @Test
  public void sendsAFaithfulRequestAndReadsTheAnswerAndUsage() {
    ChatClient.Result result = client(settings()).complete(request);

    assertTrue(result.failureReason(), result.succeeded());
    assertEquals("{\"title\":\"Widget\"}", result.content());
    assertEquals("stop", result.finishReason());
    assertEquals(1, result.attempts());
    assertEquals(server.promptTokensReported(), result.usage().promptTokens());
    assertEquals(server.completionTokensReported(), result.usage().completionTokens());

    RecordedRequest sent = server.requests().get(0);
    assertEquals("POST", sent.method());
    assertEquals("/v1/chat/completions", sent.path());
    assertEquals("application/json", sent.header("Content-Type"));
    assertNull("no key, no Authorization header", sent.header("Authorization"));
    JsonNode body = sent.json();
    assertEquals("test-model", body.get("model").asText());
    assertEquals("system", body.at("/messages/0/role").asText());
    assertEquals("Answer with JSON only.", body.at("/messages/0/content").asText());
    assertEquals("user", body.at("/messages/1/role").asText());
    assertEquals("# Widget\n\nA widget page.", body.at("/messages/1/content").asText());
    assertEquals(0.0, body.get("temperature").asDouble(), 0);
    assertEquals(256, body.get("max_tokens").asInt());
    assertFalse(body.has("response_format"));
    assertTrue(waits.isEmpty());
  }

  @Test
  public void sendsTheSchemaAsAStrictJsonSchemaResponseFormat() throws Exception {
    JsonNode schema =
        new ObjectMapper().readTree("{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"}}}");
    client(settings()).complete(new ChatClient.Request("s", "u", schema));

    JsonNode format = server.requests().get(0).json().get("response_format");
    assertEquals("json_schema", format.get("type").asText());
    assertEquals("extraction", format.at("/json_schema/name").asText());
    assertTrue(format.at("/json_schema/strict").asBoolean());
    assertEquals(schema, format.at("/json_schema/schema"));
  }

  @Test
  public void sendsTheKeyOnlyInTheAuthorizationHeader() {
    server.requireApiKey(KEY);
    ChatClient.Result result = client(settings(), Map.of(KEY_ENV, KEY), () -> 1.0).complete(request);

    assertTrue(result.failureReason(), result.succeeded());
    assertEquals("Bearer " + KEY, server.requests().get(0).header("Authorization"));
    assertFalse(result.toString().contains(KEY));
  }

  @Test
  public void aRejectedKeyFailsAtOnceWithoutRepeatingTheKey() {
    server.requireApiKey("sk-the-right-one");
    ChatClient.Result result = client(settings(), Map.of(KEY_ENV, KEY), () -> 1.0).complete(request);

    assertFalse(result.succeeded());
    assertEquals(1, result.attempts());
    assertTrue(result.failureReason(), result.failureReason().startsWith("HTTP 401: Incorrect API key"));
    // The server echoed the key back; the reason must not carry it on.
    assertTrue(result.failureReason(), result.failureReason().contains("[redacted]"));
    assertFalse(result.failureReason().contains(KEY));
    assertFalse(result.toString().contains(KEY));
  }

  @Test
  public void honoursRetryAfterInSeconds() {
    server.rateLimitNext(2, "3");
    ChatClient.Result result = client(settings().withRetries(4, Duration.ofMillis(100), Duration.ofSeconds(10)))
        .complete(request);

    assertTrue(result.succeeded());
    assertEquals(3, result.attempts());
    assertEquals(3, server.requests().size());
    assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(3)), waits);
  }

  @Test
  public void honoursRetryAfterAsAnHttpDate() {
    server.rateLimitNext(1, "Tue, 01 Jan 2030 00:00:07 GMT");
    ChatClient.Result result = client(settings().withRetries(4, Duration.ofMillis(100), Duration.ofSeconds(10)))
        .complete(request);

    assertTrue(result.succeeded());
    assertEquals(2, result.attempts());
    assertEquals(List.of(Duration.ofSeconds(7)), waits);
  }

  @Test
  public void capsRetryAfterAtMaxBackoff() {
    server.rateLimitNext(1, "120");
    ChatClient.Result result = client(settings()).complete(request);

    assertTrue(result.succeeded());
    assertEquals(List.of(Duration.ofSeconds(1)), waits);
  }

  @Test
  public void backsOffExponentiallyUpToTheCapOnServerErrors() {
    server.failNext(2, 500).failNext(1, 502).failNext(1, 504).failNext(1, 503);
    ChatClient.Result result =
        client(settings().withRetries(6, Duration.ofMillis(300), Duration.ofSeconds(1))).complete(request);

    assertTrue(result.failureReason(), result.succeeded());
    assertEquals(6, result.attempts());
    assertEquals(
        List.of(Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofMillis(1000),
            Duration.ofMillis(1000), Duration.ofMillis(1000)),
        waits);
  }

  @Test
  public void fullJitterDrawsEachWaitBelowTheExponentialCeiling() {
    server.failNext(3, 503);
    ChatClient.Result result = client(settings(), Map.of(), () -> 0.5).complete(request);

    assertTrue(result.succeeded());
    assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200)), waits);
  }

  @Test
  public void givesUpAfterMaxAttemptsWithTheLastStatusAndError() {
    server.failNext(10, 503);
    ChatClient.Result result =
        client(settings().withRetries(3, Duration.ofMillis(100), Duration.ofSeconds(1))).complete(request);

    assertFalse(result.succeeded());
    assertEquals(3, result.attempts());
    assertEquals(3, server.requests().size());
    assertEquals("no wait after the last attempt", 2, waits.size());
    assertEquals(
        "gave up after 3 attempts; last: HTTP 503: The server had an error", result.failureReason());
    assertNull(result.usage());
  }

  @Test
  public void doesNotRetryAClientError() {
    LlmSettings wrongPath = new LlmSettings(server.endpoint().replace("/v1", "/v2"), "m", null,
        100, 10, Duration.ofSeconds(2), 4, Duration.ofMillis(10), Duration.ofMillis(10), 0);
    ChatClient.Result result = client(wrongPath).complete(request);

    assertFalse(result.succeeded());
    assertEquals(1, result.attempts());
    assertTrue(result.failureReason(), result.failureReason().startsWith("HTTP 404: Unknown request URL"));
  }

  @Test
  public void retriesATimeout() {
    server.delayNext(1, Duration.ofMillis(1_500));
    ChatClient.Result result = client(settings().withTimeout(Duration.ofMillis(300))).complete(request);

    assertTrue(result.failureReason(), result.succeeded());
    assertEquals(2, result.attempts());
    assertEquals(List.of(Duration.ofMillis(100)), waits);
  }

  @Test
  public void retriesConnectionErrorsThenSaysWhy() {
    String endpoint = server.endpoint();
    server.close(); // nothing listens on that port any more
    ChatClient.Result result = new ChatClient(
            LlmSettings.of(endpoint, "m").withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)),
            name -> null, waits::add, () -> 1.0, Clock.systemUTC())
        .complete(request);

    assertFalse(result.succeeded());
    assertEquals(3, result.attempts());
    assertTrue(result.failureReason(),
        result.failureReason().startsWith("gave up after 3 attempts; last: connection failed: ConnectException"));
    assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20)), waits);
  }

  @Test
  public void aMalformedAnswerFailsWithoutRetrying() {
    server.malformedNext(1);
    ChatClient.Result result = client(settings()).complete(request);

    assertFalse(result.succeeded());
    assertEquals(1, result.attempts());
    assertTrue(result.failureReason(), result.failureReason().startsWith("the answer is not valid JSON: {\"id\""));
  }

  @Test
  public void anAnswerWithoutUsageHasNoUsage() {
    server.withoutUsageNext(1);
    ChatClient.Result result = client(settings()).complete(request);

    assertTrue(result.succeeded());
    assertNull(result.usage());
    assertEquals(0, server.promptTokensReported());
  }

  @Test
  public void parsesRetryAfterValues() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    assertEquals(Optional.of(Duration.ofSeconds(5)), Backoff.parseRetryAfter(" 5 ", clock));
    assertEquals(Optional.of(Duration.ofSeconds(90)),
        Backoff.parseRetryAfter("Tue, 01 Jan 2030 00:01:30 GMT", clock));
    assertEquals(Optional.of(Duration.ZERO),
        Backoff.parseRetryAfter("Mon, 31 Dec 2029 23:59:00 GMT", clock));
    assertEquals(Optional.empty(), Backoff.parseRetryAfter("-1", clock));
    assertEquals(Optional.empty(), Backoff.parseRetryAfter("soon", clock));
    assertEquals(Optional.empty(), Backoff.parseRetryAfter(null, clock));
  }

  @Test
  public void serverRejectsAMalformedRequestWithAnOpenAiError() throws Exception {
    java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.endpoint() + "/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}"))
            .build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());

    assertEquals(400, response.statusCode());
    JsonNode error = new ObjectMapper().readTree(response.body()).get("error");
    assertEquals("invalid_request_error", error.get("type").asText());
    assertEquals("messages", error.get("param").asText());
    assertTrue(error.get("message").asText().contains("messages[0].role"));
  }
}
