package io.beamcrawl.parse;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Attributes;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.select.Elements;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * The hand-written rules for a page's main content, which the block classifier reads as one of its
 * features (see {@link MainContent}), over the counts {@link ContentBlocks}' pass makes.
 *
 * <p>A block with enough text that is mostly not links is a "content block". The main content
 * is the deepest element that still holds most of the page's content-block text (an
 * {@code <article>}, {@code <main>} or articleBody element is taken as soon as it holds more than
 * half of it), not counting text inside elements named or tagged as boilerplate; its siblings
 * that are text too (a standfirst) come with it. Inside, boilerplate elements, hidden ones, link
 * lists without content blocks, labels and teasers of other articles are left out.
 */
final class ContentRules {

  /** Never content: dropped wherever they are. */
  static final Set<String> NOT_CONTENT =
      Set.of(
          "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
          "input", "select", "textarea", "button", "head", "link", "meta");

  /** Page furniture by tag; a form is judged by what it holds (ASP.NET wraps pages in one). */
  private static final Set<String> FURNITURE = Set.of("nav", "aside", "footer", "menu", "dialog");

  /**
   * Containers that hold link lists even with one or two links; anything else needs three to
   * count as one (a link in a paragraph is part of the text).
   */
  private static final Set<String> LINK_LISTS =
      Set.of("ul", "ol", "dl", "div", "section", "table");

  private static final Set<String> HEADINGS = Set.of("h1", "h2", "h3", "h4", "h5", "h6");

  /** Fewest non-link characters (not counting spaces) that make a block a content block. */
  private static final int MIN_BLOCK_TEXT = 25;

  /** Fewest content-block characters that bring a sibling of the chosen element in. */
  private static final int MIN_SIBLING_TEXT = 150;

  /**
   * A block that is mostly link text, at most this long, is a teaser ("Read more: ..."); longer
   * ones are text that cites a lot.
   */
  private static final int MAX_TEASER_TEXT = 200;

  /** Fewest link characters of such a teaser: a headline, not a source named in brackets. */
  private static final int MIN_TEASER_LINK = 20;

  /** The share of the content the chosen element must keep while the choice goes deeper. */
  private static final double KEEP_SHARE = 0.8;

  private final Map<Element, ? extends Counts> stats;
  private final Map<Element, Integer> kept = new IdentityHashMap<>();
  private final Set<Element> leftOut = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Whether a class list says caption, per class list: they repeat through a page. */
  private final Map<String, Boolean> captionClasses = new HashMap<>();
  /** Content-block text of the whole body. */
  private int pageContent;

  private ContentRules(Element body, Map<Element, ? extends Counts> stats) {
    this.stats = stats;
    this.pageContent = content(body);
  }

  /**
   * What the rules make of a page: the element they take as its main content (with its text
   * siblings), and the elements inside it they keep.
   */
  record Choice(Element region, Set<Element> kept) {}

  /** The rules' choice for the body, from the counts of its elements that hold text. */
  static Choice of(Element body, Map<Element, ? extends Counts> counts) {
    ContentRules rules = new ContentRules(body, counts);
    Element region = rules.withSiblings(rules.choose(body));
    return new Choice(region, rules.keptWithin(region));
  }

  // ---- counts

  /**
   * Text counts of one element, in characters other than spaces ({@link ContentBlocks} makes
   * them in its pass): the non-link text of the content blocks in its subtree (blocks of at least
   * 25 such characters, mostly not links, no headings), its subtree's text, link text and links;
   * and whether its names say furniture. Elements without text have none.
   */
  interface Counts {
    int content();

    int text();

    int links();

    int anchors();

    /** Whether its class, id, role or aria-label names it as furniture ({@link BoilerplateNames}). */
    boolean namedBoilerplate();
  }

  /** Whether a block's own text makes it a content block. */
  static boolean isContentBlock(int ownChars, int ownLinks, String tag) {
    return ownChars - ownLinks >= MIN_BLOCK_TEXT && ownLinks * 2 < ownChars && !HEADINGS.contains(tag);
  }

  static boolean hidden(Element element) {
    if (element.attributesSize() == 0) {
      return false;
    }
    // Attribute names are in lower case once parsed: exact lookups, cheaper than attr()'s.
    Attributes attributes = element.attributes();
    if (attributes.hasKey("hidden") || attributes.get("aria-hidden").equalsIgnoreCase("true")) {
      return true;
    }
    return hiddenByStyle(attributes.get("style"));
  }

  /** Whether a style attribute hides its element. */
  static boolean hiddenByStyle(String style) {
    if (style.isEmpty()) {
      return false;
    }
    String compact = style.toLowerCase(Locale.ROOT).replace(" ", "");
    return compact.contains("display:none") || compact.contains("visibility:hidden");
  }

  private int content(Element element) {
    Counts s = stats.get(element);
    return s == null ? 0 : s.content();
  }

  // ---- choosing

  /** Boilerplate by tag or name, unless it holds most of the given content. */
  private boolean furniture(Element element, int ofContent) {
    if (element.normalName().equals("body") || element.normalName().equals("html")) {
      return false;
    }
    Counts s = stats.get(element);
    boolean named = FURNITURE.contains(element.normalName()) || (s != null && s.namedBoilerplate());
    return named && (content(element) == 0 || content(element) * 2 < ofContent);
  }

  /** Content-block text of the subtree, leaving out what sits inside boilerplate elements. */
  private int kept(Element element) {
    Integer known = kept.get(element);
    if (known != null) {
      return known;
    }
    Counts s = stats.get(element);
    int total = 0;
    if (s != null && s.content() > 0 && !furniture(element, pageContent)) {
      int own = s.content();
      for (Element child = element.firstElementChild(); child != null; child = child.nextElementSibling()) {
        own -= content(child);
      }
      total = own;
      for (Element child = element.firstElementChild(); child != null; child = child.nextElementSibling()) {
        total += kept(child);
      }
    }
    kept.put(element, total);
    return total;
  }

  private Element choose(Element body) {
    Element node = body;
    int anchor = kept(body);
    if (anchor == 0) {
      // Too little text to weigh: the page's own markup decides, if it says anything.
      Element main = body.selectFirst("main, [role=main], [itemprop=articleBody]");
      Elements articles = body.select("article");
      return main != null ? main : articles.size() == 1 ? articles.first() : body;
    }
    while (true) {
      Element best = null;
      int bestKept = 0;
      for (Element child = node.firstElementChild(); child != null; child = child.nextElementSibling()) {
        int k = kept(child);
        if (k > bestKept) {
          best = child;
          bestKept = k;
        }
      }
      if (best == null) {
        break;
      }
      if (semantic(best) && bestKept * 2 > anchor) {
        anchor = bestKept;
      } else if (bestKept < KEEP_SHARE * anchor) {
        break;
      }
      node = best;
    }
    return node;
  }

  /**
   * The chosen element's parent when some of its siblings are text too (a standfirst above the
   * article body, say), else the element itself; siblings that are not stay out.
   */
  private Element withSiblings(Element node) {
    Element parent = node.parent();
    if (node.normalName().equals("body") || parent == null) {
      return node;
    }
    boolean any = false;
    for (Element sibling = parent.firstElementChild(); sibling != null; sibling = sibling.nextElementSibling()) {
      Counts s = stats.get(sibling);
      if (sibling != node && s != null && kept(sibling) >= MIN_SIBLING_TEXT
          && s.links() * 4 < s.text()) {
        any = true;
      } else if (sibling != node) {
        leftOut.add(sibling);
      }
    }
    if (!any) {
      leftOut.clear();
      return node;
    }
    return parent;
  }

  private static boolean semantic(Element element) {
    String name = element.normalName();
    return name.equals("article")
        || name.equals("main")
        || element.attr("role").equalsIgnoreCase("main")
        || element.attr("itemprop").equalsIgnoreCase("articleBody");
  }

  // ---- leaving out

  private Set<Element> keptWithin(Element chosen) {
    int chosenContent = content(chosen);
    // Sized for every element with text, as most of a page's end up kept.
    Set<Element> keep = Collections.newSetFromMap(new IdentityHashMap<>(stats.size()));
    NodeTraversor.filter(
        new NodeFilter() {
          @Override
          public FilterResult head(Node node, int depth) {
            if (!(node instanceof Element element)) {
              return FilterResult.CONTINUE;
            }
            if (element != chosen && (leftOut.contains(element) || dropped(element, chosenContent))) {
              return FilterResult.SKIP_ENTIRELY;
            }
            keep.add(element);
            return FilterResult.CONTINUE;
          }
        },
        chosen);
    return keep;
  }

  /**
   * An element named as a caption that holds no image: the text under a picture, not the
   * picture (a "wp-caption" box holds both, and its image stays).
   */
  private boolean caption(Element element) {
    return (captionClasses.computeIfAbsent(element.className(), BoilerplateNames::namesCaption)
            || BoilerplateNames.namesCaption(element.id()))
        && element.selectFirst("img, picture") == null;
  }

  private boolean dropped(Element element, int chosenContent) {
    String name = element.normalName();
    if (NOT_CONTENT.contains(name) || hidden(element)) {
      return true;
    }
    if (furniture(element, chosenContent)) {
      return true;
    }
    // A caption describes a picture rather than telling the article; the image itself stays.
    if (name.equals("figcaption") || caption(element)) {
      return true;
    }
    // An article inside the main content that is not most of it is another page's teaser.
    if (name.equals("article") && content(element) * 2 < chosenContent) {
      return true;
    }
    Counts s = stats.get(element);
    if (s == null || s.content() > 0) {
      return false;
    }
    // No content blocks inside: a form or header of controls and labels, a list of links...
    if (name.equals("form") || name.equals("header")) {
      return true;
    }
    if (s.links() * 2 > s.text() && (s.anchors() >= 3 || LINK_LISTS.contains(name))) {
      return true;
    }
    // A short block that is mostly link text ("Read more: ...", "Also on ...") points elsewhere.
    if (!element.tag().isInline() && s.links() * 2 > s.text() && s.text() <= MAX_TEASER_TEXT
        && s.links() >= MIN_TEASER_LINK) {
      return true;
    }
    // A block that is all one link is a teaser or a promotion, and a short label such as
    // "Advertisement" is not text either.
    return !element.tag().isInline()
        && (s.links() * 10 >= s.text() * 9
            || (s.text() <= BoilerplateNames.MAX_LABEL && BoilerplateNames.isLabel(element.text())));
  }
}
