package io.beamcrawl.crawl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The model's tokenization and embeddings. The expected token ids are what Hugging Face's own
 * tokenizer (the Rust one, through DJL) gives for the model's tokenizer.json.
 */
public class MiniLmTest {

  private static MiniLm model;

  @BeforeClass
  public static void load() {
    model = new MiniLm();
  }

  @Test
  public void textIsTokenizedAsBertDoes() {
    assertArrayEquals(
        new long[] {101, 16487, 1037, 2309, 2795, 102}, model.tokens("Restoring a single table"));
    // Lower-cased, accents off, punctuation split off.
    assertArrayEquals(
        new long[] {101, 7668, 2139, 3900, 1011, 24728, 999, 102}, model.tokens("Café déjà-vu!"));
    // A word the vocabulary lacks, in WordPiece's pieces.
    assertArrayEquals(new long[] {101, 4895, 5963, 6279, 3085, 102}, model.tokens("unbackupable"));
  }

  @Test
  public void embeddingsAreUnitVectorsCloserForRelatedTexts() {
    float[] query = model.embed("how to get rid of the bugs that eat my plants");
    float[] pests = model.embed("Aphids on roses");
    float[] lawns = model.embed("Mowing heights");
    assertEquals(384, query.length);
    assertEquals(1.0, dot(query, query), 1e-5);
    assertTrue(dot(query, pests) > dot(query, lawns) + 0.1);
  }

  @Test
  public void longTextsAreCutToTheModelsInput() {
    assertEquals(128, model.tokens("word ".repeat(500)).length);
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
