package io.beamcrawl.parse;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Whether an element's class, id, role or aria-label names it as page furniture (navigation,
 * footers, share bars, comments, cookie banners...). Names are cut into word tokens ("relatedPosts"
 * and "related-posts" both give "related"), and only whole tokens count, so "shareholders" or
 * "navigator" say nothing.
 */
final class BoilerplateNames {

  /** What a furniture name says the element is. */
  enum Kind { NAVIGATION, FRAME, ENGAGEMENT, MORE_TO_READ, CONSENT_OR_AD, WHO_AND_WHEN }

  private static final Map<String, Kind> KINDS = kinds(
      Kind.NAVIGATION, List.of(
          "nav", "navbar", "navigation", "menu", "menubar", "submenu", "breadcrumb", "breadcrumbs",
          "crumbs", "pagination", "pager", "skip", "skiplink", "toc"),
      Kind.FRAME, List.of(
          "footer", "masthead", "topbar", "toolbar", "sidebar", "rail", "widget", "widgets",
          "banner", "contentinfo", "complementary", "dialog", "alertdialog", "modal", "popup",
          "overlay", "search"),
      Kind.ENGAGEMENT, List.of(
          "share", "sharing", "sharebar", "social", "socials", "follow", "print", "email",
          "comment", "comments", "disqus", "respond", "reply", "replies", "discussion",
          "reactions", "rating"),
      Kind.MORE_TO_READ, List.of(
          "related", "recommended", "recommendations", "recirc", "recirculation", "trending",
          "popular", "mostread", "promo", "promos", "teaser", "teasers", "outbrain", "taboola",
          "tags", "tagcloud", "tagged", "topics"),
      Kind.CONSENT_OR_AD, List.of(
          "cookie", "cookies", "consent", "gdpr", "newsletter", "subscribe", "subscription",
          "signup", "login", "signin", "register", "ad", "ads", "advert", "adverts",
          "advertisement", "advertising", "sponsor", "sponsored", "dfp", "gpt"),
      // who and when, told apart from the text itself; and screen-reader only text ("sr-only"):
      // "hidden" is left out, utility classes such as "overflow-hidden" use it on visible content
      Kind.WHO_AND_WHEN, List.of(
          "byline", "dateline", "author", "bio", "meta", "credit", "credits", "sr"));

  private static final Set<String> TOKENS = KINDS.keySet();

  private static Map<String, Kind> kinds(Object... kindsAndTokens) {
    Map<String, Kind> kinds = new HashMap<>();
    for (int i = 0; i < kindsAndTokens.length; i += 2) {
      for (Object token : (List<?>) kindsAndTokens[i + 1]) {
        kinds.put((String) token, (Kind) kindsAndTokens[i]);
      }
    }
    return Map.copyOf(kinds);
  }

  /** Whole texts of labels that mark furniture rather than say anything. */
  private static final Set<String> LABELS =
      Set.of(
          "advertisement", "advert", "ad", "ads", "sponsored", "sponsored content", "share",
          "share this", "share this article", "share this story", "share on facebook",
          "share on twitter", "tweet", "email", "print", "comments", "related", "related articles",
          "related stories", "related posts", "read more", "more", "see more", "show more",
          "you may also like", "recommended", "recommended for you", "skip to content",
          "skip to main content", "story continues below advertisement",
          "article continues below advertisement", "continue reading below", "scroll to continue",
          "don't miss", "don’t miss", "more stories", "top stories", "most read", "most popular",
          "editor's picks", "editors' picks", "trending", "trending now", "read next", "up next",
          "caption", "close");

  /** The marks a label may end with ("Share this:", "Read more »"), white space among them. */
  private static final String END_MARKS = " \t\n\u000B\f\r:.!?…»›>|-";

  /** Names of a picture's caption or credit line. */
  private static final Set<String> CAPTION_TOKENS = Set.of("caption", "captions", "figcaption");

  private BoilerplateNames() {}

  /** The longest text a label may have. */
  static final int MAX_LABEL = 40;

  /** True for the text of a label like "Advertisement" or "Share this:" (case and end marks aside). */
  static boolean isLabel(String text) {
    if (text.length() > MAX_LABEL) {
      return false;
    }
    String stripped = text.strip();
    int end = stripped.length();
    while (end > 0 && END_MARKS.indexOf(stripped.charAt(end - 1)) >= 0) {
      end--;
    }
    return LABELS.contains(stripped.substring(0, end).toLowerCase(Locale.ROOT));
  }

  /** What kind of page furniture a token names, or null. */
  static Kind kindOf(String token) {
    return KINDS.get(token);
  }

  /** True when one of the name's word tokens says caption. */
  static boolean namesCaption(String name) {
    return anyToken(name, CAPTION_TOKENS);
  }

  /** True when one of the name's word tokens is a boilerplate token. */
  static boolean anyToken(String name) {
    return anyToken(name, TOKENS);
  }

  private static boolean anyToken(String name, Set<String> tokens) {
    boolean[] found = {false};
    forEachToken(name, token -> found[0] |= tokens.contains(token));
    return found[0];
  }

  /** Each word token of a name (a class list, an id...), in lower case. */
  static void forEachToken(String name, Consumer<String> each) {
    int start = -1;
    for (int i = 0; i <= name.length(); i++) {
      char c = i < name.length() ? name.charAt(i) : ' ';
      boolean letter = Character.isLetterOrDigit(c);
      // A new word starts after a separator, or at an upper-case letter after a lower-case one.
      boolean camel = letter && start >= 0 && Character.isUpperCase(c)
          && Character.isLowerCase(name.charAt(i - 1));
      if (start >= 0 && (!letter || camel)) {
        each.accept(lowerCase(name, start, i));
        start = -1;
      }
      if (letter && start < 0) {
        start = i;
      }
    }
  }

  /** The part of the name in lower case, without a copy to lower when it is lower already. */
  private static String lowerCase(String name, int start, int end) {
    for (int i = start; i < end; i++) {
      if (Character.isUpperCase(name.charAt(i))) {
        return name.substring(start, end).toLowerCase(Locale.ROOT);
      }
    }
    return name.substring(start, end);
  }
}
