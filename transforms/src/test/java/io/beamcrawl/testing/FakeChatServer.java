package io.beamcrawl.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible chat-completions server on a loopback address, for tests. It checks
 * requests as the real API does (POST to {@code /v1/chat/completions}, JSON body, a model,
 * non-empty messages with known roles, a well-formed {@code response_format}), answers malformed
 * ones with 400 and an OpenAI-style error object, records every request, and answers the rest
 * with a {@code chat.completion} object.
 *
 * <p>The answer's content comes from a function of the request; by default {@code {"title": ...}}
 * with the first markdown heading of the user message, or null. Usage is counted in words, not
 * model tokens, so a test can tell reported usage from a client-side estimate: {@code
 * prompt_tokens} is 3 per message plus the words of every message's content, {@code
 * completion_tokens} is 1 plus the words of the answer.
 *
 * <p>Faults are scripted in order, each for the next N requests that reach the answering step
 * (rejected requests don't use them up): {@code rateLimitNext(2, "5").failNext(1, 503)} makes the
 * next two requests 429 with {@code Retry-After: 5}, the third 503, and the rest normal.
 */
public final class FakeChatServer implements AutoCloseable {

  public static final String PATH = "/v1/chat/completions";
  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}[ \\t]+(.+?)[ \\t#]*$");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the server received it. */
  public record RecordedRequest(
      String method, String path, Headers headers, String body, java.time.Instant arrived) {
    /** A header's first value, or null; names are case-insensitive. */
    public String header(String name) {
      return headers.getFirst(name);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the request body is not JSON: " + body, e);
      }
    }
  }

  /** How one request is answered; faults change it before it is carried out. */
  private static final class Plan {
    int status = 200;
    String retryAfter;
    Duration delay = Duration.ZERO;
    boolean malformed;
    boolean withUsage = true;
    boolean fenced;
    String content;
    String finishReason = "stop";
  }

  private record ScriptedFault(int[] remaining, Consumer<Plan> fault) {}

  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(16);
  private final List<RecordedRequest> requests = new ArrayList<>();
  private static final Pattern LINK_LINE =
      Pattern.compile("(?m)^(\\d+)\\. .* (\\S+)$");
  private final Deque<ScriptedFault> script = new ArrayDeque<>();
  private final AtomicLong ids = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
  private final AtomicLong promptTokensReported = new AtomicLong();
  private final AtomicLong completionTokensReported = new AtomicLong();
  private volatile Function<JsonNode, String> answerer = FakeChatServer::titleAnswer;
  private volatile String requiredApiKey;

  private FakeChatServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  public static FakeChatServer start() {
    try {
      return new FakeChatServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The API base URL, {@code http://127.0.0.1:port/v1}, as clients are configured with it. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Answers every request with {@code answerer}'s text for its JSON body. */
  public FakeChatServer answerWith(Function<JsonNode, String> answerer) {
    this.answerer = answerer;
    return this;
  }

  /** From now on a request needs {@code Authorization: Bearer key}, else it gets a 401. */
  public FakeChatServer requireApiKey(String key) {
    requiredApiKey = key;
    return this;
  }

  /** The next {@code n} requests get 429; {@code retryAfter} (seconds or HTTP-date) may be null. */
  public FakeChatServer rateLimitNext(int n, String retryAfter) {
    return fault(n, plan -> {
      plan.status = 429;
      plan.retryAfter = retryAfter;
    });
  }

  /** The next {@code n} requests get {@code status} (e.g. 500, 503) with an error object. */
  public FakeChatServer failNext(int n, int status) {
    return fault(n, plan -> plan.status = status);
  }

  /** The next {@code n} requests are answered normally, but only after {@code delay}. */
  public FakeChatServer delayNext(int n, Duration delay) {
    return fault(n, plan -> plan.delay = delay);
  }

  /** The next {@code n} answers are 200 with a body that is cut-off JSON. */
  public FakeChatServer malformedNext(int n) {
    return fault(n, plan -> plan.malformed = true);
  }

  /** The next {@code n} answers have no {@code usage} object, as some servers send. */
  public FakeChatServer withoutUsageNext(int n) {
    return fault(n, plan -> plan.withUsage = false);
  }

  /** The next {@code n} answers' content is wrapped in a {@code ```json} code fence. */
  public FakeChatServer fencedNext(int n) {
    return fault(n, plan -> plan.fenced = true);
  }

  /** The next {@code n} answers' content is {@code content}, whatever was asked. */
  public FakeChatServer answerNext(int n, String content) {
    return fault(n, plan -> plan.content = content);
  }

  /** The next {@code n} answers are {@code {"title": 42}}: a schema asking a string title fails. */
  public FakeChatServer violateSchemaNext(int n) {
    return answerNext(n, "{\"title\": 42}");
  }

  /** The next {@code n} answers stop half-way with {@code finish_reason: length}. */
  public FakeChatServer cutOffNext(int n) {
    return fault(n, plan -> {
      plan.content = "{\"title\": \"unfinish";
      plan.finishReason = "length";
    });
  }

  public List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The sum of {@code prompt_tokens} over every usage this server has reported. */
  public long promptTokensReported() {
    return promptTokensReported.get();
  }

  public long completionTokensReported() {
    return completionTokensReported.get();
  }

  /** The default answer: the first markdown heading of the user message as the title. */
  public static String titleAnswer(JsonNode request) {
    Matcher heading = HEADING.matcher(lastMessage(request, "user"));
    ObjectNode answer = JSON.createObjectNode();
    if (heading.find()) {
      answer.put("title", heading.group(1).strip());
    } else {
      answer.putNull("title");
    }
    return answer.toString();
  }

  /**
   * An answer to a link-selection request: the numbers of the listed links ({@code N. "text"
   * URL}) whose URL {@code wanted} accepts, as {@code {"follow": [...]}}.
   */
  public static String pickLinks(JsonNode request, java.util.function.Predicate<String> wanted) {
    Matcher line = LINK_LINE.matcher(lastMessage(request, "user"));
    ObjectNode answer = JSON.createObjectNode();
    var follow = answer.putArray("follow");
    while (line.find()) {
      if (wanted.test(line.group(2))) {
        follow.add(Integer.parseInt(line.group(1)));
      }
    }
    return answer.toString();
  }

  /** The content of the last message with this role, or "". */
  public static String lastMessage(JsonNode request, String role) {
    String content = "";
    for (JsonNode message : request.path("messages")) {
      if (role.equals(message.path("role").asText())) {
        content = message.path("content").asText();
      }
    }
    return content;
  }

  private FakeChatServer fault(int n, Consumer<Plan> fault) {
    if (n < 1) {
      throw new IllegalArgumentException("a fault is for at least one request");
    }
    synchronized (script) {
      script.addLast(new ScriptedFault(new int[] {n}, fault));
    }
    return this;
  }

  private Plan nextPlan() {
    Plan plan = new Plan();
    synchronized (script) {
      ScriptedFault next = script.peekFirst();
      if (next != null) {
        next.fault().accept(plan);
        if (--next.remaining()[0] == 0) {
          script.removeFirst();
        }
      }
    }
    return plan;
  }

  private void handle(HttpExchange exchange) throws IOException {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getRawPath();
      synchronized (requests) {
        requests.add(
            new RecordedRequest(
                exchange.getRequestMethod(), path, exchange.getRequestHeaders(), body,
                java.time.Instant.now()));
      }
      if (!PATH.equals(path)) {
        sendError(exchange, 404, "invalid_request_error", null, "Unknown request URL: POST " + path);
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        sendError(exchange, 405, "invalid_request_error", null,
            "Not allowed to " + exchange.getRequestMethod() + " on " + path + " (use POST)");
        return;
      }
      if (requiredApiKey != null
          && !("Bearer " + requiredApiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        // Echoes what it got, as real servers do in part, so clients must not repeat it blindly.
        sendError(exchange, 401, "invalid_request_error", null,
            "Incorrect API key provided: " + exchange.getRequestHeaders().getFirst("Authorization"));
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
        sendError(exchange, 400, "invalid_request_error", null,
            "Content-Type must be application/json, got " + contentType);
        return;
      }
      JsonNode request;
      try {
        request = JSON.readTree(body);
      } catch (JsonProcessingException e) {
        sendError(exchange, 400, "invalid_request_error", null,
            "We could not parse the JSON body of your request.");
        return;
      }
      String problem = shapeProblem(request);
      if (problem != null) {
        sendError(exchange, 400, "invalid_request_error", problem.split(":", 2)[0], problem);
        return;
      }
      answer(exchange, request, nextPlan());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** The most requests this server was answering at one time. */
  public int maxConcurrentRequests() {
    return maxInFlight.get();
  }

  /** What is wrong with a request body, starting with the parameter's name; null if nothing. */
  private static String shapeProblem(JsonNode request) {
    if (!request.isObject()) {
      return "body: must be a JSON object";
    }
    if (!request.path("model").isTextual() || request.get("model").asText().isBlank()) {
      return "model: you must provide a model parameter";
    }
    JsonNode messages = request.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      return "messages: must be a non-empty array";
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      if (!ROLES.contains(message.path("role").asText())) {
        return "messages: messages[" + i + "].role must be one of " + ROLES;
      }
      if (!message.path("content").isTextual() && !message.path("content").isArray()) {
        return "messages: messages[" + i + "].content must be a string or an array of parts";
      }
    }
    if (request.has("temperature")
        && (!request.get("temperature").isNumber()
            || request.get("temperature").asDouble() < 0
            || request.get("temperature").asDouble() > 2)) {
      return "temperature: must be a number from 0 to 2";
    }
    if (request.has("max_tokens")
        && (!request.get("max_tokens").isIntegralNumber() || request.get("max_tokens").asLong() < 1)) {
      return "max_tokens: must be a positive integer";
    }
    if (request.has("response_format")) {
      JsonNode format = request.get("response_format");
      String type = format.path("type").asText();
      if (!Set.of("text", "json_object", "json_schema").contains(type)) {
        return "response_format: type must be text, json_object or json_schema";
      }
      if (type.equals("json_schema")
          && (!format.path("json_schema").path("name").isTextual()
              || !format.path("json_schema").path("schema").isObject())) {
        return "response_format: json_schema needs a name and a schema object";
      }
    }
    return null;
  }

  private void answer(HttpExchange exchange, JsonNode request, Plan plan)
      throws IOException, InterruptedException {
    if (!plan.delay.isZero()) {
      Thread.sleep(plan.delay.toMillis());
    }
    if (plan.status != 200) {
      if (plan.retryAfter != null) {
        exchange.getResponseHeaders().set("Retry-After", plan.retryAfter);
      }
      String type = plan.status == 429 ? "rate_limit_exceeded" : "server_error";
      sendError(exchange, plan.status, type, null,
          plan.status == 429 ? "Rate limit reached, please retry later" : "The server had an error");
      return;
    }
    if (plan.malformed) {
      send(exchange, 200, "{\"id\": \"chatcmpl-broken\", \"object\": \"chat.completion\", \"choices\": [");
      return;
    }
    String content = plan.content != null ? plan.content : answerer.apply(request);
    if (plan.fenced) {
      content = "```json\n" + content + "\n```";
    }
    ObjectNode completion = JSON.createObjectNode()
        .put("id", "chatcmpl-" + ids.incrementAndGet())
        .put("object", "chat.completion")
        .put("created", System.currentTimeMillis() / 1000)
        .put("model", request.get("model").asText());
    ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", content);
    choice.putNull("logprobs");
    choice.put("finish_reason", plan.finishReason);
    if (plan.withUsage) {
      long prompt = promptTokens(request);
      long completionTokens = 1 + words(content);
      completion.putObject("usage")
          .put("prompt_tokens", prompt)
          .put("completion_tokens", completionTokens)
          .put("total_tokens", prompt + completionTokens);
      promptTokensReported.addAndGet(prompt);
      completionTokensReported.addAndGet(completionTokens);
    }
    send(exchange, 200, completion.toString());
  }

  private static long promptTokens(JsonNode request) {
    long tokens = 0;
    for (JsonNode message : request.get("messages")) {
      tokens += 3 + words(message.path("content").asText());
    }
    return tokens;
  }

  private static long words(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
  }

  private static void sendError(
      HttpExchange exchange, int status, String type, String param, String message)
      throws IOException {
    ObjectNode error = JSON.createObjectNode();
    error.putObject("error")
        .put("message", message)
        .put("type", type)
        .put("param", param)
        .putNull("code");
    send(exchange, status, error.toString());
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
