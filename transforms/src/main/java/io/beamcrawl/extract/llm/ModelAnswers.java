package io.beamcrawl.extract.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every use of the model reads from an answer: its JSON, and the tokens it cost. */
final class ModelAnswers {

  private static final Pattern CODE_FENCE =
      Pattern.compile(
          "```[ \\t]*[A-Za-z0-9_-]*[ \\t]*\\r?\\n?(.*?)\\r?\\n?[ \\t]*```", Pattern.DOTALL);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final TokenCounter TOKENS = TokenCounter.get();

  private ModelAnswers() {}

  /** Tokens a call spent, and whether they were counted here for want of the server's report. */
  record Spent(long input, long output, boolean estimated) {

    /** The server's report, else a count of what was sent and received. */
    static Spent of(ChatClient.Result answer, String systemMessage, String userMessage) {
      if (answer.usage() != null) {
        return new Spent(answer.usage().promptTokens(), answer.usage().completionTokens(), false);
      }
      if (answer.content() == null) {
        // Nothing was answered (or nothing we could read), so nothing is known to be spent.
        return new Spent(0, 0, false);
      }
      return new Spent(
          TOKENS.count(systemMessage) + TOKENS.count(userMessage),
          TOKENS.count(answer.content()),
          true);
    }
  }

  /** The answer as one JSON value, bare or in a {@code ```} code fence; null when it is not. */
  static JsonNode json(String answer) {
    String text = answer.strip();
    JsonNode data = parse(text);
    if (data == null) {
      Matcher fenced = CODE_FENCE.matcher(text);
      if (fenced.find()) {
        data = parse(fenced.group(1).strip());
      }
    }
    return data;
  }

  private static JsonNode parse(String text) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
