package io.beamcrawl.extract.llm;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts and cuts text in model tokens. It uses {@code o200k_base}, the encoding of OpenAI's
 * current models (GPT-4o, GPT-4.1, o-series); for other models behind an OpenAI-compatible
 * endpoint the counts are an estimate, close for English and usually within tens of percent
 * elsewhere. Special-token text such as {@code <|endoftext|>} in a page is counted as plain
 * text, as a model's API treats it. Thread-safe; the vocabulary is loaded once, on first use.
 */
public final class TokenCounter {

  private static final TokenCounter INSTANCE = new TokenCounter();

  /** A text cut to a token budget, and whether anything was cut off. */
  public record Cut(String text, boolean wasCut) {}

  private TokenCounter() {}

  public static TokenCounter get() {
    return INSTANCE;
  }

  /** The encoding's name, for logs and docs. */
  public String encodingName() {
    return Vocabulary.ENCODING.getName();
  }

  public int count(String text) {
    return text == null || text.isEmpty() ? 0 : Vocabulary.ENCODING.countTokensOrdinary(text);
  }

  /** The longest prefix of {@code text} that encodes to at most {@code maxTokens} tokens. */
  public Cut cut(String text, int maxTokens) {
    if (text == null || text.isEmpty()) {
      return new Cut(text == null ? "" : text, false);
    }
    if (maxTokens <= 0) {
      return new Cut("", true);
    }
    EncodingResult encoded = Vocabulary.ENCODING.encodeOrdinary(text, maxTokens);
    if (!encoded.isTruncated()) {
      return new Cut(text, false);
    }
    int end = encoded.getLastProcessedCharacterIndex() + 1;
    // Cut on a character boundary, never between the halves of a surrogate pair.
    if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return new Cut(text.substring(0, Math.max(0, end)), true);
  }

  /** Holder, so the vocabulary is read the first time a count is needed, not at class load. */
  private static final class Vocabulary {
    static final Encoding ENCODING =
        Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  }
}
