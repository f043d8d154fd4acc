package io.beamcrawl.parse;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Picks a page's main content: each text block of the body ({@link ContentBlocks}) is kept or
 * left out by a classifier trained on pages of many kinds ({@link BlockClassifier}), so an
 * article's body, a thread's posts, a listing's items and a product's description all come out,
 * and the navigation, footers and promotions around them do not. What is kept keeps its markup
 * (headings, lists, tables, code) for the markdown writer.
 */
public final class MainContent {

  private MainContent() {}

  /**
   * A detached copy of the page's body holding only its main-content blocks, or null for a page
   * without a body.
   */
  public static Element extract(Document doc) {
    return extract(doc, BlockClassifier.shipped());
  }

  static Element extract(Document doc, BlockClassifier classifier) {
    Element body = doc.body();
    if (body == null) {
      return null;
    }
    Set<Element> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    List<ContentBlocks.Block> blocks = ContentBlocks.of(doc);
    boolean[] content = classifier.classify(blocks);
    if (!any(content)) {
      // A page unlike any the model learned from (a bare test page, a stub): the rules' choice
      // rather than nothing.
      int rules = ContentBlocks.FEATURES.indexOf("rules_kept");
      for (int i = 0; i < content.length; i++) {
        content[i] = blocks.get(i).features()[rules] > 0;
      }
    }
    // Per container, its blocks' words and the kept ones': a picture goes with the text around it.
    Map<Element, int[]> words = new IdentityHashMap<>();
    int wordsAt = ContentBlocks.FEATURES.indexOf("words");
    for (int i = 0; i < content.length; i++) {
      Element element = blocks.get(i).element();
      if (content[i]) {
        kept.add(element);
      }
      int count = (int) blocks.get(i).features()[wordsAt];
      for (Element up = element; up != null; up = up.parent()) {
        int[] sums = words.computeIfAbsent(up, e -> new int[2]);
        sums[0] += count;
        sums[1] += content[i] ? count : 0;
      }
    }
    Element copy = body.clone();
    new Pruning(kept, words).prune(body, copy, false);
    dropHeadline(copy, doc.title().strip());
    return copy;
  }

  private static boolean any(boolean[] values) {
    for (boolean value : values) {
      if (value) {
        return true;
      }
    }
    return false;
  }

  /** The page's headline repeats its title field, so the content need not hold it again. */
  private static void dropHeadline(Element copy, String title) {
    Element h1 = copy.selectFirst("h1");
    if (h1 == null) {
      return;
    }
    String headline = h1.text().strip().toLowerCase(Locale.ROOT);
    if (!headline.isEmpty() && title.toLowerCase(Locale.ROOT).contains(headline)) {
      h1.remove();
    }
  }

  /** Leaves in a copy of the body what belongs to kept blocks. */
  private record Pruning(Set<Element> kept, Map<Element, int[]> words) {

    private static final Set<String> PICTURES = Set.of("img", "picture", "video", "audio");

    /**
     * Leaves in the element's copy what belongs to kept blocks: a block's own text and inline
     * elements stay when the block is kept; a picture when most of the words around it are kept;
     * an element left with nothing is removed. Returns whether anything is left.
     */
    boolean prune(Element element, Element copy, boolean ownerKept) {
      String name = element.normalName();
      if (ContentRules.NOT_CONTENT.contains(name) || ContentRules.hidden(element)) {
        return false;
      }
      if (PICTURES.contains(name)) {
        return amidKeptText(element);
      }
      boolean owner = element.tag().isBlock() ? kept.contains(element) : ownerKept;
      // The copy has the same nodes in the same order: the original's decide for the copy's.
      List<Node> children = element.childNodes();
      Node[] copies = copy.childNodes().toArray(Node[]::new);
      if (copies.length == 0) {
        return owner;
      }
      boolean any = false;
      for (int i = 0; i < copies.length; i++) {
        Node child = copies[i];
        boolean keep;
        if (child instanceof Element childCopy) {
          keep = prune((Element) children.get(i), childCopy, owner);
        } else if (child instanceof TextNode) {
          keep = owner;
        } else {
          keep = false;
        }
        if (keep) {
          any |= !(child instanceof TextNode text) || !text.isBlank();
        } else {
          child.remove();
        }
      }
      return any;
    }

    /** Fewest words of the text a picture is judged by (more than its own caption). */
    private static final int PICTURE_CONTEXT_WORDS = 20;

    /**
     * A picture that is no link (a logo, a teaser) sits in text that is mostly kept: the
     * nearest container with some words around it has most of them kept.
     */
    private boolean amidKeptText(Element picture) {
      for (Element up = picture.parent(); up != null; up = up.parent()) {
        if (up.normalName().equals("a")) {
          return false;
        }
        int[] sums = words.get(up);
        if (sums != null && sums[0] >= PICTURE_CONTEXT_WORDS) {
          return sums[1] * 2 > sums[0];
        }
      }
      return false;
    }
  }
}
