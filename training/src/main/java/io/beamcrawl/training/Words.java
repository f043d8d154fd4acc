package io.beamcrawl.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Word tokens and 4-word shingles as the benchmark's scorer cuts them (Python's \w+). */
final class Words {

  private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);

  static final int N = 4;

  private Words() {}

  static List<String> of(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add(m.group());
    }
    return words;
  }

  /** The multiset of shingles; a text shorter than N words is one shingle of all its words. */
  static Map<String, Integer> shingles(List<String> words) {
    Map<String, Integer> out = new HashMap<>();
    if (words.size() < N) {
      if (!words.isEmpty()) {
        out.put(String.join(" ", words), 1);
      }
      return out;
    }
    for (int i = 0; i + N <= words.size(); i++) {
      out.merge(String.join(" ", words.subList(i, i + N)), 1, Integer::sum);
    }
    return out;
  }
}
