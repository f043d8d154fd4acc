package io.beamcrawl.extract.llm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class TokenCounterTest {

  private final TokenCounter tokens = TokenCounter.get();

  @Test
  public void countsWithTheO200kEncoding() {
    assertEquals("o200k_base", tokens.encodingName());
    assertEquals(2, tokens.count("Hello world"));
    assertEquals(0, tokens.count(""));
    assertEquals(0, tokens.count(null));
  }

  @Test
  public void specialTokenTextInAPageIsCountedAsPlainText() {
    // encode() would throw on it; a page may well contain the string.
    assertTrue(tokens.count("before <|endoftext|> after") > 3);
  }

  @Test
  public void textWithinTheBudgetIsKeptWhole() {
    TokenCounter.Cut cut = tokens.cut("one two three", 3);
    assertEquals("one two three", cut.text());
    assertFalse(cut.wasCut());
  }

  @Test
  public void longerTextIsCutToAPrefixOfExactlyTheBudget() {
    TokenCounter.Cut cut = tokens.cut("one two three four five six", 3);
    assertEquals("one two three", cut.text());
    assertTrue(cut.wasCut());
    assertEquals(3, tokens.count(cut.text()));
  }

  @Test
  public void cutsALongPageToAtMostTheBudget() {
    StringBuilder page = new StringBuilder("# Title\n\n");
    for (int i = 0; i < 2_000; i++) {
      page.append("Paragraph ").append(i).append(" talks about naïve cafés and 日本語. ");
    }
    TokenCounter.Cut cut = tokens.cut(page.toString(), 500);
    assertTrue(cut.wasCut());
    assertTrue(page.toString().startsWith(cut.text()));
    int count = tokens.count(cut.text());
    assertTrue("cut to " + count, count <= 500 && count >= 495);
  }

  @Test
  public void neverCutsBetweenTheHalvesOfASurrogatePair() {
    String emoji = "🙂🙃😀😁😂🤣😃😄😅😆".repeat(20);
    for (int budget = 1; budget < 30; budget++) {
      String text = tokens.cut(emoji, budget).text();
      assertFalse(!text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1)));
    }
  }

  @Test
  public void aZeroBudgetKeepsNothing() {
    TokenCounter.Cut cut = tokens.cut("some text", 0);
    assertEquals("", cut.text());
    assertTrue(cut.wasCut());
  }
}
