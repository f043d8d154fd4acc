package io.beamcrawl.extract.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beamcrawl.util.Backoff;
import io.beamcrawl.util.Retry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Sends one chat-completions request to an OpenAI-compatible endpoint and retries what is worth
 * retrying: 429, 500, 502, 503 and 504 answers, timeouts and connection errors. Waits grow
 * exponentially with full jitter, a server's {@code Retry-After} (seconds or HTTP-date) is obeyed,
 * and no wait is longer than {@link LlmSettings#maxBackoff()}. Never throws for a failed call: the
 * {@link Result} says why. The API key is read from the environment per request and kept out of
 * every result and message. Thread-safe.
 */
public final class ChatClient {

  /** Waits between attempts; tests pass one that records the waits instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper extends Retry.Sleeper {
    Sleeper REAL = wait -> Thread.sleep(wait.toMillis());
  }

  /**
   * One request: a system and a user message, and optionally the JSON Schema the answer must
   * follow (sent as a strict {@code json_schema} response format).
   */
  public record Request(String systemMessage, String userMessage, JsonNode responseSchema) {}

  /** Tokens the server says the call used. */
  public record Usage(long promptTokens, long completionTokens) {}

  /**
   * What came of a request.
   *
   * @param content the answer's text ({@code choices[0].message.content}), null on failure
   * @param finishReason why the model stopped, e.g. {@code stop} or {@code length}; may be null
   * @param usage the server's token report, null when it sent none or nothing was answered
   * @param attempts requests made, retries included
   * @param failureReason null on success; otherwise why, with the HTTP status and an excerpt
   */
  public record Result(
      String content, String finishReason, Usage usage, int attempts, String failureReason) {

    public boolean succeeded() {
      return failureReason == null;
    }
  }

  private static final int EXCERPT_CHARS = 200;
  private static final String REDACTED = "[redacted]";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LlmSettings settings;
  private final Function<String, String> environment;
  private final Sleeper sleeper;
  private final DoubleSupplier jitter;
  private final Clock clock;
  private final HttpClient http;

  public ChatClient(LlmSettings settings) {
    this(
        settings,
        System::getenv,
        Sleeper.REAL,
        () -> ThreadLocalRandom.current().nextDouble(),
        Clock.systemUTC());
  }

  /**
   * @param environment looks up environment variables (the API key's, by name)
   * @param jitter a number in [0, 1] that scales each exponential wait ("full jitter")
   * @param clock the time an HTTP-date {@code Retry-After} is measured from
   */
  public ChatClient(
      LlmSettings settings,
      Function<String, String> environment,
      Sleeper sleeper,
      DoubleSupplier jitter,
      Clock clock) {
    this.settings = settings;
    this.environment = environment;
    this.sleeper = sleeper;
    this.jitter = jitter;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public Result complete(Request request) {
    String apiKey = apiKey();
    HttpRequest httpRequest = httpRequest(request, apiKey);
    Retry.Outcome<Result> outcome =
        new Retry(settings.maxAttempts(), sleeper).run(n -> attempt(httpRequest, apiKey, n));
    Result last = outcome.value();
    if (outcome.interrupted()) {
      return failure(
          outcome.attempts(), "interrupted while waiting to retry; last: " + last.failureReason());
    }
    if (outcome.gaveUp()) {
      return failure(
          outcome.attempts(),
          "gave up after " + outcome.attempts() + " attempts; last: " + last.failureReason());
    }
    return last;
  }

  /** One request: its answer, or why it failed and, when worth it, how long to wait to retry. */
  private Retry.Tried<Result> attempt(HttpRequest httpRequest, String apiKey, int attempt) {
    try {
      HttpResponse<String> response = send(httpRequest);
      int status = response.statusCode();
      if (status == 200) {
        return Retry.Tried.done(answer(response.body(), attempt, apiKey));
      }
      Result failed =
          failure(attempt, "HTTP " + status + ": " + excerpt(errorMessage(response.body()), apiKey));
      if (!Backoff.RETRYABLE_STATUSES.contains(status)) {
        return Retry.Tried.done(failed);
      }
      Optional<Duration> asked =
          Backoff.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null), clock);
      return Retry.Tried.again(
          failed, asked.isPresent() ? settings.backoff().capped(asked.get()) : backoff(attempt));
    } catch (HttpTimeoutException | TimeoutException e) {
      return Retry.Tried.again(
          failure(attempt, "no answer within " + settings.timeout().toMillis() + " ms"),
          backoff(attempt));
    } catch (IOException e) {
      return Retry.Tried.again(
          failure(attempt, "connection failed: " + excerpt(describe(e), apiKey)), backoff(attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Retry.Tried.done(failure(attempt, "interrupted while waiting for the model"));
    }
  }

  /** The request body as sent; package-visible so tests can read it without a server. */
  static String requestBody(LlmSettings settings, Request request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", settings.model());
    var messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", request.systemMessage());
    messages.addObject().put("role", "user").put("content", request.userMessage());
    body.put("temperature", settings.temperature());
    body.put("max_tokens", settings.maxOutputTokens());
    if (request.responseSchema() != null) {
      ObjectNode format = body.putObject("response_format").put("type", "json_schema");
      format
          .putObject("json_schema")
          .put("name", "extraction")
          .put("strict", true)
          .set("schema", request.responseSchema());
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private Duration backoff(int attempt) {
    return settings.backoff().after(attempt, jitter.getAsDouble());
  }

  private HttpResponse<String> send(HttpRequest request)
      throws IOException, InterruptedException, TimeoutException {
    CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    try {
      // The request timeout stops waiting for headers; this bound covers a slow body too.
      return pending.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | InterruptedException e) {
      pending.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
  }

  private HttpRequest httpRequest(Request request, String apiKey) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(settings.chatCompletionsUri())
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(requestBody(settings, request)));
    if (apiKey != null) {
      builder.header("Authorization", "Bearer " + apiKey);
    }
    return builder.build();
  }

  private Result answer(String body, int attempts, String apiKey) {
    JsonNode response;
    try {
      response = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return failure(attempts, "the answer is not valid JSON: " + excerpt(body, apiKey));
    }
    Usage usage = usage(response.path("usage"));
    JsonNode choice = response.path("choices").path(0);
    if (!choice.isObject()) {
      return new Result(
          null, null, usage, attempts,
          "the answer has no choices: " + excerpt(body, apiKey));
    }
    String finishReason = choice.path("finish_reason").isTextual()
        ? choice.get("finish_reason").asText() : null;
    JsonNode message = choice.path("message");
    if (!message.path("content").isTextual()) {
      String refusal = message.path("refusal").asText("");
      String why = refusal.isEmpty()
          ? "the answer has no message content (finish_reason " + finishReason + ")"
          : "the model refused: " + excerpt(refusal, apiKey);
      return new Result(null, finishReason, usage, attempts, why);
    }
    return new Result(message.get("content").asText(), finishReason, usage, attempts, null);
  }

  private static Usage usage(JsonNode usage) {
    if (usage.path("prompt_tokens").isIntegralNumber()
        && usage.path("completion_tokens").isIntegralNumber()) {
      return new Usage(usage.get("prompt_tokens").asLong(), usage.get("completion_tokens").asLong());
    }
    return null;
  }

  private static Result failure(int attempts, String reason) {
    return new Result(null, null, null, attempts, reason);
  }

  private String apiKey() {
    if (settings.apiKeyEnv() == null) {
      return null;
    }
    String key = environment.apply(settings.apiKeyEnv());
    return key == null || key.isBlank() ? null : key.strip();
  }

  /** An OpenAI-style error's message when the body is one, else the body itself. */
  private static String errorMessage(String body) {
    try {
      JsonNode message = JSON.readTree(body).path("error").path("message");
      return message.isTextual() ? message.asText() : body;
    } catch (JsonProcessingException | RuntimeException e) {
      return body;
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
  }

  /** A short one-line excerpt with the key blanked out, should a server echo it back. */
  static String excerpt(String text, String apiKey) {
    if (text == null) {
      return "";
    }
    String line = text.replaceAll("\\s+", " ").strip();
    if (apiKey != null) {
      line = line.replace(apiKey, REDACTED);
    }
    return line.length() <= EXCERPT_CHARS ? line : line.substring(0, EXCERPT_CHARS) + "…";
  }
}
