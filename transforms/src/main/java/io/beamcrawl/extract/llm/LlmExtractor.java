package io.beamcrawl.extract.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import io.beamcrawl.extract.ExtractionResult;
import io.beamcrawl.extract.Extractor;
import io.beamcrawl.extract.PageContent;
import io.beamcrawl.extract.SpendGate;
import java.io.Serializable;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Extracts a page's data with a chat model: the job's instruction and the page's markdown (cut to
 * {@link LlmSettings#maxInputTokens()}) go to an OpenAI-compatible endpoint, and the answer must
 * be JSON, in a {@code ```} or {@code ```json} code fence or not.
 *
 * <p>With a JSON Schema the answer is asked for in that shape and checked against it; an answer
 * that is not JSON or breaks the schema fails the page. Without one, an answer that is not JSON
 * is kept as {@code {"result": "<answer text>"}}, since the instruction may ask for prose; only
 * an answer cut off at {@code max_tokens} fails, as it is incomplete.
 *
 * <p>A failed page keeps its markdown as its data, with the reason and the tokens actually spent.
 * Tokens come from the server's usage report; when it sends none they are counted here (prompt
 * and answer text, see {@link TokenCounter}) and marked estimated.
 *
 * <p>Serialisable: the HTTP client and the compiled schema are made on first use on each worker.
 * Thread-safe.
 */
public final class LlmExtractor implements Extractor {

  /** Makes the chat client on a worker; tests supply one with a fake environment or sleeper. */
  @FunctionalInterface
  public interface ClientFactory extends Serializable {
    ChatClient create(LlmSettings settings);
  }

  static final String SYSTEM_MESSAGE =
      "You extract data from one web page, following the user's instruction. Answer with a single"
          + " JSON value and nothing else: no explanation, no code fence.";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TokenCounter TOKENS = TokenCounter.get();
  /** Tokens a chat template may add to a request of two messages, counted generously. */
  private static final int TEMPLATE_TOKENS = 32;

  private final LlmSettings settings;
  private final String instruction;
  private final String schemaJson;
  private final ClientFactory clientFactory;
  private final LazyChatClient client;
  private transient volatile Schema schema;

  private LlmExtractor(
      LlmSettings settings, String instruction, String schemaJson, ClientFactory clientFactory) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.instruction = instruction == null ? "" : instruction.strip();
    this.schemaJson = schemaJson == null || schemaJson.isBlank() ? null : schemaJson;
    this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
    this.client = new LazyChatClient(this.settings, clientFactory);
    // Compile once here so that a bad schema is a job error now, not a failure on every page.
    schema();
  }

  /** An extractor with no schema: any JSON answer is kept, any other answer wrapped. */
  public static LlmExtractor create(LlmSettings settings, String instruction) {
    return new LlmExtractor(settings, instruction, null, ChatClient::new);
  }

  /**
   * @param schemaJson a JSON Schema (draft 4 to 2020-12, by its {@code $schema}; 2020-12 when it
   *     names none) the answer must match, or null for none
   * @throws IllegalArgumentException when the schema is not valid JSON or not a valid schema
   */
  public static LlmExtractor create(LlmSettings settings, String instruction, String schemaJson) {
    return new LlmExtractor(settings, instruction, schemaJson, ChatClient::new);
  }

  /** As {@link #create(LlmSettings, String, String)}, with the schema as a tree. */
  public static LlmExtractor create(LlmSettings settings, String instruction, JsonNode schema) {
    return create(settings, instruction, schema == null ? null : schema.toString());
  }

  /** The same extractor with its chat client made by {@code factory}. */
  public LlmExtractor withClientFactory(ClientFactory factory) {
    return new LlmExtractor(settings, instruction, schemaJson, factory);
  }

  @Override
  public boolean usesModel() {
    return true;
  }

  @Override
  public ExtractionResult extract(PageContent page) {
    return extract(page, SpendGate.OPEN);
  }

  @Override
  public ExtractionResult extract(PageContent page, SpendGate gate) {
    String markdown = page.markdown() == null ? "" : page.markdown();
    try {
      return extract(page.url(), markdown, gate);
    } catch (RuntimeException e) {
      // Extractors never throw; a bug here still leaves the page with its markdown.
      return ExtractionResult.failed(markdown, "LLM extraction failed: " + e);
    }
  }

  private ExtractionResult extract(String url, String markdown, SpendGate gate) {
    TokenCounter.Cut input = TOKENS.cut(markdown, settings.maxInputTokens());
    String userMessage = userMessage(url, input);
    Schema answerSchema = schema();
    if (!gate.mayCall(mostInputTokens(userMessage), settings.maxOutputTokens())) {
      return ExtractionResult.overCreditCap(markdown);
    }
    ChatClient.Result answer =
        client
            .get()
            .complete(
                new ChatClient.Request(
                    SYSTEM_MESSAGE, userMessage, answerSchema == null ? null : answerSchema.tree));
    ModelAnswers.Spent spent = ModelAnswers.Spent.of(answer, SYSTEM_MESSAGE, userMessage);
    Outcome outcome =
        answer.succeeded() ? interpret(answer, answerSchema) : Outcome.failure(answer.failureReason());
    return new ExtractionResult(
        outcome.failed() ? markdown : outcome.dataJson(),
        outcome.failed(),
        outcome.failureReason(),
        spent.input(),
        spent.output(),
        spent.estimated(),
        answer.attempts(),
        input.wasCut());
  }

  private String userMessage(String url, TokenCounter.Cut input) {
    StringBuilder message =
        new StringBuilder()
            .append("Instruction: ")
            .append(instruction.isEmpty() ? "Extract the page's main data." : instruction)
            .append("\n\nPage URL: ")
            .append(url == null ? "" : url)
            .append("\n\nPage content (markdown):\n\n")
            .append(input.text());
    if (input.wasCut()) {
      message
          .append("\n\n[The page was cut here: only its first ")
          .append(settings.maxInputTokens())
          .append(" tokens are shown.]");
    }
    return message.toString();
  }

  /**
   * The most prompt tokens a request can be counted at: its messages, the answer's schema, and
   * what a chat template adds per message (well above what servers count: 3 to 7 a message).
   */
  private long mostInputTokens(String userMessage) {
    return TOKENS.count(SYSTEM_MESSAGE)
        + TOKENS.count(userMessage)
        + (schemaJson == null ? 0 : TOKENS.count(schemaJson))
        + TEMPLATE_TOKENS;
  }

  private static Outcome interpret(ChatClient.Result answer, Schema answerSchema) {
    String text = answer.content().strip();
    JsonNode data = ModelAnswers.json(text);
    if (data == null) {
      if ("length".equals(answer.finishReason())) {
        return Outcome.failure(
            "the answer was cut off at max_tokens before it was complete: "
                + ChatClient.excerpt(text, null));
      }
      if (answerSchema != null) {
        return Outcome.failure("the answer is not JSON: " + ChatClient.excerpt(text, null));
      }
      data = JSON.createObjectNode().put("result", answer.content());
    }
    if (answerSchema != null) {
      Set<ValidationMessage> problems = answerSchema.compiled.validate(data);
      if (!problems.isEmpty()) {
        return Outcome.failure(
            "the answer does not match the schema: "
                + problems.stream()
                    .map(ValidationMessage::getMessage)
                    .sorted()
                    .limit(5)
                    .collect(Collectors.joining("; ")));
      }
    }
    return Outcome.success(data.toString());
  }

  private Schema schema() {
    if (schemaJson == null) {
      return null;
    }
    Schema compiled = schema;
    if (compiled == null) {
      synchronized (this) {
        compiled = schema;
        if (compiled == null) {
          compiled = Schema.compile(schemaJson);
          schema = compiled;
        }
      }
    }
    return compiled;
  }

  @Override
  public String toString() {
    return "LlmExtractor{model=" + settings.model() + ", endpoint=" + settings.endpoint()
        + ", schema=" + (schemaJson != null) + "}";
  }

  /** A schema as sent to the model and as compiled for checking answers (thread-safe). */
  private record Schema(JsonNode tree, JsonSchema compiled) {
    static Schema compile(String json) {
      JsonNode tree;
      try {
        tree = new ObjectMapper().readTree(json);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("the extraction schema is not valid JSON", e);
      }
      if (!tree.isObject()) {
        throw new IllegalArgumentException("the extraction schema must be a JSON object");
      }
      SpecVersion.VersionFlag version =
          SpecVersionDetector.detectOptionalVersion(tree, false)
              .orElse(SpecVersion.VersionFlag.V202012);
      JsonSchemaFactory factory = JsonSchemaFactory.getInstance(version);
      JsonSchema metaSchema =
          factory.getSchema(SchemaLocation.of(version.getId()));
      Set<ValidationMessage> problems = metaSchema.validate(tree);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "the extraction schema is not a valid JSON Schema: "
                + problems.stream().map(ValidationMessage::getMessage).sorted()
                    .collect(Collectors.joining("; ")));
      }
      JsonSchema compiled = factory.getSchema(tree);
      compiled.initializeValidators();
      return new Schema(tree, compiled);
    }
  }

  private record Outcome(String dataJson, boolean failed, String failureReason) {
    static Outcome success(String dataJson) {
      return new Outcome(dataJson, false, null);
    }

    static Outcome failure(String reason) {
      return new Outcome(null, true, reason);
    }
  }
}
