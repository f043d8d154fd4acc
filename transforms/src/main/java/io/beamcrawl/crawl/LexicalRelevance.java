package io.beamcrawl.crawl;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scores by shared words: an instruction word found in a link's anchor counts 1, in its URL's path
 * 0.8, under its heading 0.5 (in a page's title 1, in its opening text 0.5), and the score is the
 * mean over the instruction's words. Words are compared lower-cased, with common English endings
 * taken off and stop words left out. Thread-safe; an instruction's words are worked out once.
 */
final class LexicalRelevance implements LinkScorer {

  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "and", "any", "are", "as", "at", "be", "by", "for", "from", "how", "in", "into",
          "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "what", "when",
          "where", "which", "who", "with", "all", "about", "only", "page", "pages", "follow", "crawl",
          "find", "get", "want", "need", "topic", "topics", "related", "everything", "anything",
          "there", "these", "those", "them", "they", "our", "your", "you", "we", "do", "does", "not",
          "html", "htm", "php", "aspx", "index", "www", "http", "https", "com", "org", "net");

  private final Map<String, Set<String>> instructionWords = new ConcurrentHashMap<>();

  @Override
  public double ofPage(String instruction, String title, String text) {
    Set<String> wanted = wanted(instruction);
    if (wanted.isEmpty()) {
      return 0;
    }
    Set<String> inTitle = words(title);
    Set<String> inText = words(text);
    double sum = 0;
    for (String word : wanted) {
      sum += inTitle.contains(word) ? 1.0 : inText.contains(word) ? 0.5 : 0;
    }
    return sum / wanted.size();
  }

  @Override
  public double ofLinkText(String instruction, Candidate candidate) {
    Set<String> wanted = wanted(instruction);
    if (wanted.isEmpty()) {
      return 0;
    }
    Set<String> inAnchor = words(candidate.anchorText());
    Set<String> inPath = words(pathWords(candidate.link().url()));
    Set<String> inHeading = words(candidate.heading());
    double sum = 0;
    for (String word : wanted) {
      sum +=
          inAnchor.contains(word) ? 1.0
              : inPath.contains(word) ? 0.8
              : inHeading.contains(word) ? 0.5
              : 0;
    }
    return sum / wanted.size();
  }

  private Set<String> wanted(String instruction) {
    return instructionWords.computeIfAbsent(instruction, LexicalRelevance::words);
  }

  /** The words of a text, lower-cased, stemmed, without stop words. */
  static Set<String> words(String text) {
    Set<String> words = new HashSet<>();
    if (text == null) {
      return words;
    }
    for (String token : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{Nd}]+")) {
      if (token.length() > 1 && !STOP_WORDS.contains(token)) {
        words.add(stem(token));
      }
    }
    return words;
  }

  /**
   * Takes off the commonest English endings, so "replicas" meets "replica", and "restoring",
   * "restored" and "restore" meet as "restor".
   */
  static String stem(String word) {
    String stem = word;
    for (String ending : List.of("ing", "ies", "ed", "s")) {
      if (word.endsWith(ending) && word.length() - ending.length() >= 3
          && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) {
        stem = word.substring(0, word.length() - ending.length());
        if (ending.equals("ies")) {
          stem += "y";
        }
        break;
      }
    }
    return stem.length() > 3 && stem.endsWith("e") ? stem.substring(0, stem.length() - 1) : stem;
  }

  /** The words of a URL's path: {@code /guides/backup-and-restore.html} is "guides backup and restore html". */
  static String pathWords(String url) {
    try {
      String path = URI.create(url).getPath();
      return path == null ? "" : String.join(" ", path.split("[^\\p{L}\\p{Nd}]+")).strip();
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
