package io.beamcrawl.training;

import io.beamcrawl.parse.ContentBlocks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which blocks of a page are its main content, read off the expected text by walking both in
 * order. A block of four words or more is content as far as its shingles are in the expected
 * text, and moves the walk to where it was found. A shorter block ("Black", "$36") would match
 * almost anywhere, so it is content only when its words come, in a row, shortly after the
 * place the walk has reached: a colour in a product card is, the same word in the menu above
 * the content is not.
 */
final class ContentLabels {

  /** How far past the walk's place, in words, a short block may be found. */
  private static final int SHORT_REACH = 40;

  private ContentLabels() {}

  /** Per block, the share of its text found in the expected text (0 to 1). */
  static float[] of(List<ContentBlocks.Block> blocks, String expected) {
    List<String> truth = Words.of(expected);
    Map<String, List<Integer>> at = new HashMap<>();
    for (int i = 0; i < truth.size(); i++) {
      at.computeIfAbsent(truth.get(i), w -> new ArrayList<>()).add(i);
    }
    Map<String, Integer> truthShingles = Words.shingles(truth);
    float[] labels = new float[blocks.size()];
    int place = 0;
    for (int b = 0; b < labels.length; b++) {
      List<String> words = Words.of(blocks.get(b).text());
      if (words.isEmpty()) {
        continue;
      }
      if (words.size() < Words.N) {
        int found = find(truth, at, words, place, place + SHORT_REACH);
        if (found >= 0) {
          labels[b] = 1;
          place = found + words.size();
        }
        continue;
      }
      int hit = 0;
      int all = 0;
      for (Map.Entry<String, Integer> s : Words.shingles(words).entrySet()) {
        hit += Math.min(s.getValue(), truthShingles.getOrDefault(s.getKey(), 0));
        all += s.getValue();
      }
      labels[b] = hit / (float) all;
      if (labels[b] >= 0.5f) {
        // Where it is: the first place at or after the walk's where its first words are, else the first anywhere.
        List<String> head = words.subList(0, Words.N);
        int found = find(truth, at, head, place, truth.size());
        if (found < 0) {
          found = find(truth, at, head, 0, truth.size());
        }
        if (found >= 0) {
          place = found + words.size();
        }
      }
    }
    return labels;
  }

  /** The first position in [from, to] where the words come in a row, or -1. */
  private static int find(List<String> truth, Map<String, List<Integer>> at, List<String> words,
      int from, int to) {
    for (int start : at.getOrDefault(words.get(0), List.of())) {
      if (start < from || start > to) {
        continue;
      }
      if (start + words.size() <= truth.size()
          && truth.subList(start, start + words.size()).equals(words)) {
        return start;
      }
    }
    return -1;
  }

  /** How many words a block has: what it weighs in the page's score. */
  static int words(ContentBlocks.Block block) {
    return Words.of(block.text()).size();
  }
}
