package io.beamcrawl.extract.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamcrawl.crawl.LinkPicker;
import io.beamcrawl.crawl.LinkPicks;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Picks a page's links for a crawl instruction with a chat model, in one call per page: the
 * instruction, the page, and its links numbered (anchor text and URL), as many as fit in {@link
 * LlmSettings#maxInputTokens()}; the answer is {@code {"follow": [numbers]}}. A call that fails,
 * or an answer that is not that, is a failed {@link LinkPicks}, with the tokens it spent.
 * Serialisable: the HTTP client is made on first use on each worker. Thread-safe.
 */
public final class LlmLinkPicker implements LinkPicker {

  static final String SYSTEM_MESSAGE =
      "You choose which links a web crawler follows. The user gives the crawl's instruction, the"
          + " page the crawler is on and that page's links, numbered. Pick the links whose pages"
          + " the instruction asks for, or that lead on to more of them. Answer with a single JSON"
          + " object and nothing else: {\"follow\": [the numbers of the links to follow]}.";
  private static final JsonNode ANSWER_SCHEMA =
      parse(
          "{\"type\":\"object\",\"properties\":{\"follow\":{\"type\":\"array\",\"items\":"
              + "{\"type\":\"integer\"}}},\"required\":[\"follow\"],\"additionalProperties\":false}");
  private static final TokenCounter TOKENS = TokenCounter.get();
  /** Tokens a chat template may add to a request of two messages, counted generously. */
  private static final int TEMPLATE_TOKENS = 32;

  private final LlmSettings settings;
  private final LlmExtractor.ClientFactory clientFactory;
  private final LazyChatClient client;

  private LlmLinkPicker(LlmSettings settings, LlmExtractor.ClientFactory clientFactory) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
    this.client = new LazyChatClient(this.settings, clientFactory);
  }

  public static LlmLinkPicker create(LlmSettings settings) {
    return new LlmLinkPicker(settings, ChatClient::new);
  }

  /** The same picker with its chat client made by {@code factory}. */
  public LlmLinkPicker withClientFactory(LlmExtractor.ClientFactory factory) {
    return new LlmLinkPicker(settings, factory);
  }

  @Override
  public LinkPicks pick(String instruction, String pageUrl, String pageTitle, List<Offer> offers) {
    StringBuilder message =
        new StringBuilder()
            .append("Instruction: ")
            .append(instruction)
            .append("\n\nPage: ")
            .append(pageTitle == null || pageTitle.isBlank() ? "" : pageTitle.strip() + " ")
            .append('(')
            .append(pageUrl)
            .append(")\n\nLinks:\n");
    long room =
        settings.maxInputTokens()
            - TOKENS.count(SYSTEM_MESSAGE)
            - TOKENS.count(message.toString())
            - TEMPLATE_TOKENS;
    int offered = 0;
    for (Offer offer : offers) {
      String line = (offered + 1) + ". " + anchor(offer) + " " + offer.url() + "\n";
      room -= TOKENS.count(line);
      if (room < 0 && offered > 0) {
        break;
      }
      message.append(line);
      offered++;
    }
    String userMessage = message.toString();
    ChatClient.Result answer =
        client.get().complete(new ChatClient.Request(SYSTEM_MESSAGE, userMessage, ANSWER_SCHEMA));
    ModelAnswers.Spent spent = ModelAnswers.Spent.of(answer, SYSTEM_MESSAGE, userMessage);
    String failure = answer.failureReason();
    Set<Integer> picked = new TreeSet<>();
    if (failure == null) {
      JsonNode follow = json(answer.content()).path("follow");
      if (!follow.isArray()) {
        failure = "the answer has no \"follow\" list: " + ChatClient.excerpt(answer.content(), null);
      } else {
        for (JsonNode number : follow) {
          // Numbers the model made up, beyond the list, pick nothing.
          if (number.canConvertToInt() && number.asInt() >= 1 && number.asInt() <= offered) {
            picked.add(number.asInt() - 1);
          }
        }
      }
    }
    return new LinkPicks(
        failure == null ? picked : Set.of(),
        offered,
        spent.input(),
        spent.output(),
        spent.estimated(),
        failure == null ? null : "link selection failed: " + failure);
  }

  /** A link's text on one line, in quotes; a link without text says so. */
  private static String anchor(Offer offer) {
    String text = offer.anchorText() == null ? "" : offer.anchorText().replaceAll("\\s+", " ").strip();
    return text.isEmpty() ? "(no text)" : "\"" + text + "\"";
  }

  private static JsonNode json(String content) {
    JsonNode data = ModelAnswers.json(content);
    return data == null ? new ObjectMapper().createObjectNode() : data;
  }

  private static JsonNode parse(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException("the answer schema is valid JSON", e);
    }
  }

  @Override
  public String toString() {
    return "LlmLinkPicker{model=" + settings.model() + ", endpoint=" + settings.endpoint() + "}";
  }
}
