package io.beamcrawl.parse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.CDataNode;
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
    Set<Element> skipped = Collections.newSetFromMap(new IdentityHashMap<>());
    List<ContentBlocks.Block> blocks = ContentBlocks.of(doc, skipped);
    boolean[] content = contentOf(blocks, classifier.content(blocks));
    Set<Element> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < content.length; i++) {
      if (content[i]) {
        kept.add(blocks.get(i).element());
      }
    }
    Element copy = new Copying(body, blocks, content, kept, skipped).copy(body, false);
    dropHeadline(copy, doc.title().strip());
    return copy;
  }

  /**
   * Which blocks are content, given the classifier's say ({@link BlockClassifier#content}), made
   * whole. A table, list or definition list most of whose words are kept is kept entire (a price
   * cell, a short item), a short plain run between two kept blocks (a line of code, a quote, a
   * subheading inside the text) goes with them, and a heading of nothing kept goes. A page the
   * model keeps nothing of (a stub, a page unlike any it learned from) gets the rules' choice,
   * not nothing.
   */
  public static boolean[] contentOf(List<ContentBlocks.Block> blocks, boolean[] classified) {
    int n = blocks.size();
    boolean[] content = classified.clone();
    keepWholeStructures(blocks, content);
    keepWhatIsBetween(blocks, content);
    dropRepeatedText(blocks, content);
    dropTeasers(blocks, content);
    dropHeadingsOfNothing(blocks, content);
    if (!any(content)) {
      int rules = ContentBlocks.FEATURES.indexOf("rules_kept");
      for (int i = 0; i < n; i++) {
        content[i] = blocks.get(i).features()[rules] > 0;
      }
    }
    return content;
  }

  /**
   * A kept block that is a link introduced by a label ("Read more: ...", "Related: ...") goes:
   * it points to another page, whatever the page around it is.
   */
  private static void dropTeasers(List<ContentBlocks.Block> blocks, boolean[] content) {
    int links = ContentBlocks.FEATURES.indexOf("link_density");
    for (int i = 0; i < content.length; i++) {
      if (content[i] && blocks.get(i).features()[links] >= 0.5f) {
        StringBuilder lead = new StringBuilder();
        textOutsideLinks(blocks.get(i).element(), lead);
        content[i] = !BoilerplateNames.isLabel(lead.toString());
      }
    }
  }

  /** The element's own text (not its blocks') outside its links. */
  private static void textOutsideLinks(Element element, StringBuilder out) {
    for (Node child = element.firstChild(); child != null; child = child.nextSibling()) {
      if (out.length() > BoilerplateNames.MAX_LABEL) {
        return;
      }
      if (child instanceof TextNode text) {
        out.append(text.getWholeText());
      } else if (child instanceof Element el && !el.normalName().equals("a") && !el.tag().isBlock()) {
        textOutsideLinks(el, out);
      }
    }
  }

  /** Fewest words of a block whose second copy on the page goes. */
  private static final int MIN_REPEATED_WORDS = 8;

  /**
   * A kept block whose text is that of a block kept before it goes: pages that lay out the same
   * text twice (one copy for wide screens, one for narrow, a hidden copy a script shows) would
   * say it twice.
   */
  private static void dropRepeatedText(List<ContentBlocks.Block> blocks, boolean[] content) {
    int words = ContentBlocks.FEATURES.indexOf("words");
    int chars = ContentBlocks.FEATURES.indexOf("log_chars");
    // Blocks of the same text have the same counts: only blocks whose counts repeat have their
    // text made and compared (it is most of the page's text otherwise).
    Map<Long, List<Integer>> keptByCounts = new HashMap<>();
    for (int i = 0; i < content.length; i++) {
      float[] x = blocks.get(i).features();
      if (!content[i] || x[words] < MIN_REPEATED_WORDS) {
        continue;
      }
      long counts =
          (long) Float.floatToIntBits(x[words]) << 32 | Float.floatToIntBits(x[chars]) & 0xffffffffL;
      List<Integer> sameCounts = keptByCounts.computeIfAbsent(counts, c -> new ArrayList<>());
      String text = sameCounts.isEmpty() ? null : blocks.get(i).text();
      if (text != null && sameCounts.stream().anyMatch(j -> blocks.get(j).text().equals(text))) {
        content[i] = false;
      } else {
        sameCounts.add(i);
      }
    }
  }

  /** A heading goes only with what it heads: one no kept text follows, in its section, goes. */
  private static void dropHeadingsOfNothing(List<ContentBlocks.Block> blocks, boolean[] content) {
    int next = -1;
    for (int i = content.length - 1; i >= 0; i--) {
      if (!content[i]) {
        continue;
      }
      int level = headingLevel(blocks.get(i).element());
      if (level > 0 && (next < 0 || (headingLevel(blocks.get(next).element()) > 0
          && headingLevel(blocks.get(next).element()) <= level))) {
        content[i] = false;
        continue;
      }
      next = i;
    }
  }

  private static int headingLevel(Element element) {
    String name = element.normalName();
    return name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6'
        ? name.charAt(1) - '0' : 0;
  }

  /** The most words between two kept blocks that go with them. */
  private static final int MAX_GAP_WORDS = 60;

  /**
   * A short run of blocks between kept ones (a table of figures, a line of code, a quote, a
   * subheading) goes with them, unless one of the run is furniture: named so or inside a
   * {@code nav}, {@code aside} or {@code footer}, a label ("Advertisement"), mostly links, or
   * furniture words.
   */
  private static void keepWhatIsBetween(List<ContentBlocks.Block> blocks, boolean[] content) {
    int named = ContentBlocks.FEATURES.indexOf("named_boilerplate");
    int label = ContentBlocks.FEATURES.indexOf("label");
    int links = ContentBlocks.FEATURES.indexOf("link_density");
    int furnitureWords = ContentBlocks.FEATURES.indexOf("boilerplate_words");
    int wordsAt = ContentBlocks.FEATURES.indexOf("words");
    int[] furnitureTags = {ContentBlocks.FEATURES.indexOf("in_nav"),
        ContentBlocks.FEATURES.indexOf("in_aside"), ContentBlocks.FEATURES.indexOf("in_footer")};
    int last = -1;
    for (int i = 0; i < content.length; i++) {
      if (!content[i]) {
        continue;
      }
      if (last >= 0 && i - last > 1) {
        boolean plain = true;
        int words = 0;
        for (int j = last + 1; j < i && plain; j++) {
          float[] x = blocks.get(j).features();
          words += (int) x[wordsAt];
          plain = x[named] == 0 && x[label] == 0 && x[links] < 0.5f && x[furnitureWords] == 0
              && x[furnitureTags[0]] == 0 && x[furnitureTags[1]] == 0 && x[furnitureTags[2]] == 0
              && words <= MAX_GAP_WORDS;
        }
        for (int j = last + 1; j < i && plain; j++) {
          content[j] = true;
        }
      }
      last = i;
    }
  }

  private static final Set<String> STRUCTURES = Set.of("table", "ul", "ol", "dl");

  /** A structure holding more of the page's words than this is its layout, not a part of it. */
  private static final double MAX_STRUCTURE_SHARE = 0.3;

  private static void keepWholeStructures(List<ContentBlocks.Block> blocks, boolean[] content) {
    int wordsAt = ContentBlocks.FEATURES.indexOf("words");
    Map<Element, int[]> words = new IdentityHashMap<>();
    Element[] structure = new Element[blocks.size()];
    int pageWords = 0;
    for (int i = 0; i < structure.length; i++) {
      pageWords += (int) blocks.get(i).features()[wordsAt];
      for (Element up = blocks.get(i).element(); up != null; up = up.parent()) {
        if (STRUCTURES.contains(up.normalName())) {
          structure[i] = up;
          int[] sums = words.computeIfAbsent(up, e -> new int[2]);
          int count = (int) blocks.get(i).features()[wordsAt];
          sums[0] += count;
          sums[1] += content[i] ? count : 0;
          break;
        }
      }
    }
    for (int i = 0; i < structure.length; i++) {
      int[] sums = structure[i] == null ? null : words.get(structure[i]);
      if (sums != null && sums[0] <= MAX_STRUCTURE_SHARE * pageWords) {
        content[i] = sums[1] * 2 > sums[0];
      }
    }
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

  /** Copies out of the body what belongs to kept blocks, and nothing else. */
  private static final class Copying {

    private static final Set<String> PICTURES = Set.of("img", "picture", "video", "audio");

    private static final Set<String> CELLS = Set.of("td", "th");

    private final Element root;
    private final List<ContentBlocks.Block> blocks;
    private final boolean[] content;
    private final Set<Element> kept;
    /** What {@link ContentBlocks} left out with all it holds. */
    private final Set<Element> skipped;
    /** Per container, its blocks' words and the kept ones', counted at the first picture. */
    private Map<Element, int[]> words;

    Copying(Element root, List<ContentBlocks.Block> blocks, boolean[] content, Set<Element> kept,
        Set<Element> skipped) {
      this.root = root;
      this.blocks = blocks;
      this.content = content;
      this.kept = kept;
      this.skipped = skipped;
    }

    /**
     * A copy of the element with what belongs to kept blocks, or null when nothing does: a
     * block's own text and inline elements when the block is kept; a picture when most of the
     * words around it are kept. Only what is kept is copied (most of a page is not); the body's
     * copy is made even when nothing is kept.
     */
    Element copy(Element element, boolean ownerKept) {
      String name = element.normalName();
      if (skipped.contains(element)) {
        return null;
      }
      if (PICTURES.contains(name)) {
        return amidKeptText(element) ? element.clone() : null;
      }
      boolean owner = element.tag().isBlock() ? kept.contains(element) : ownerKept;
      Element copy = shell(element);
      // Whether anything is left: of an empty element, itself (a line break, a rule, a cell).
      boolean any = element.childNodeSize() == 0 && owner;
      for (Node child = element.firstChild(); child != null; child = child.nextSibling()) {
        if (child instanceof Element el) {
          Element part = copy(el, owner);
          if (part != null) {
            copy.appendChild(part);
            any = true;
          } else if (name.equals("tr") && CELLS.contains(el.normalName())) {
            // A row keeps its empty cells, emptied, so the cells after them stay in their columns.
            copy.appendChild(shell(el));
          }
        } else if (child instanceof TextNode text && owner) {
          copy.appendChild(copyOf(text));
          any |= !text.isBlank();
        }
      }
      return any || element == root ? copy : null;
    }

    /**
     * The element with its attributes and without its children. Not Jsoup's shallowClone(): that
     * carries the original's cached list of child elements along, which the copy can take for its
     * own once as many children are added to it.
     */
    private static Element shell(Element element) {
      Element shell = new Element(element.tag(), null);
      if (element.attributesSize() > 0) {
        shell.attributes().addAll(element.attributes());
      }
      return shell;
    }

    /**
     * The text on its own. Not Jsoup's clone(): an orphan's clone gets a copy of the whole
     * document's settings to belong to, for every piece of text.
     */
    private static TextNode copyOf(TextNode text) {
      String value = text.getWholeText();
      return text instanceof CDataNode ? new CDataNode(value) : new TextNode(value);
    }

    /** Fewest words of the text a picture is judged by (more than its own caption). */
    private static final int PICTURE_CONTEXT_WORDS = 20;

    /**
     * A picture that is no link (a logo, a teaser) nor a script-less stand-in (a tracking pixel)
     * sits in text that is mostly kept: the nearest container with some words around it has most
     * of them kept.
     */
    private boolean amidKeptText(Element picture) {
      if (words == null) {
        words = new IdentityHashMap<>();
        int wordsAt = ContentBlocks.FEATURES.indexOf("words");
        for (int i = 0; i < content.length; i++) {
          int count = (int) blocks.get(i).features()[wordsAt];
          for (Element up = blocks.get(i).element(); up != null; up = up.parent()) {
            int[] sums = words.computeIfAbsent(up, e -> new int[2]);
            sums[0] += count;
            sums[1] += content[i] ? count : 0;
          }
        }
      }
      for (Element up = picture.parent(); up != null; up = up.parent()) {
        if (up.normalName().equals("a") || up.normalName().equals("noscript")) {
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
