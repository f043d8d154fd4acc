package io.beamcrawl.parse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Attributes;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * The text blocks of a page, in document order, each with the features the main-content
 * classifier reads: its own text (the text of its inline descendants), where it sits (the tags
 * and names of its ancestors, its position), what is around it (its neighbours, its parent's
 * link density, how many siblings look like its container) and what the hand-written rules make
 * of it. One pass over the body; the features of a block are read after it, when its ancestors'
 * counts are complete.
 */
public final class ContentBlocks {

  /** The features' names, in the order of {@link Block#features()}; the model file names them too. */
  public static final List<String> FEATURES =
      List.of(
          "log_chars", "words", "link_density", "anchors", "punctuation", "sentence_end",
          "digits", "word_length", "title_like",
          "tag_p", "tag_li", "tag_cell", "tag_h1", "tag_heading", "tag_div", "tag_pre",
          "tag_quote", "tag_definition", "tag_other",
          "in_nav", "in_aside", "in_footer", "in_header", "in_form", "in_li", "in_table",
          "in_article", "in_main", "in_link", "named_boilerplate", "named_content",
          "named_comment", "in_noscript", "in_hidden", "named_navigation", "named_frame",
          "named_engagement", "named_more_to_read", "named_consent_or_ad", "named_who_and_when",
          "depth", "position", "text_before",
          "parent_log_chars", "parent_link_density", "parent_children", "grandparent_log_chars",
          "grandparent_link_density", "prev_log_chars", "prev_link_density", "next_log_chars",
          "next_link_density", "window_log_chars", "repeat", "repeat_level", "repeat_share",
          "unit_log_chars", "unit_link_density", "unit_blocks", "group_link_density",
          "page_log_chars", "page_link_density", "page_blocks", "page_rules_share",
          "page_repeat_share", "page_headings", "page_hidden_share", "rules_kept", "rules_region",
          "boilerplate_words", "label");

  /**
   * One block: its element, its own text, its features, and where it sits among the others: its
   * element's number on the page and the numbers of the elements that hold it (so what is said
   * of the blocks an element holds can be summed by number), and which of them repeats.
   */
  public static final class Block {
    private final Element element;
    private final CharSequence own;
    private final float[] features;
    private final int chars;
    private final int number;
    private final int[] parents;
    private final int containerLevel;

    Block(Element element, CharSequence own, float[] features, int chars, int number,
        int[] parents, int containerLevel) {
      this.element = element;
      this.own = own;
      this.features = features;
      this.chars = chars;
      this.number = number;
      this.parents = parents;
      this.containerLevel = containerLevel;
    }

    /** Characters of its own text, spaces not counted. */
    public int chars() {
      return chars;
    }

    /** Its element's number among the page's elements that hold blocks, from 0 (the body). */
    public int number() {
      return number;
    }

    /**
     * For each number, the number of the element that holds that one, -1 for the body: one array
     * the blocks of a page share. An element's number is above its parent's.
     */
    public int[] parents() {
      return parents;
    }

    /**
     * How many levels up from its element is the element whose children repeat around it (the
     * thread of a post, the list of an item), the block's unit one level below; 0 when nothing
     * around it repeats.
     */
    public int containerLevel() {
      return containerLevel;
    }

    public Element element() {
      return element;
    }

    /** Its own text with spaces collapsed (made when asked: the classifier needs only counts). */
    public String text() {
      return collapse(own);
    }

    public float[] features() {
      return features;
    }
  }

  private static final int NAV = 1;
  private static final int ASIDE = 1 << 1;
  private static final int FOOTER = 1 << 2;
  private static final int HEADER = 1 << 3;
  private static final int FORM = 1 << 4;
  private static final int LI = 1 << 5;
  private static final int TABLE = 1 << 6;
  private static final int ARTICLE = 1 << 7;
  private static final int MAIN = 1 << 8;
  private static final int LINK = 1 << 9;
  private static final int NAMED_BOILERPLATE = 1 << 10;
  private static final int NAMED_CONTENT = 1 << 11;
  private static final int NAMED_COMMENT = 1 << 12;
  private static final int NOSCRIPT = 1 << 13;
  private static final int HIDDEN = 1 << 14;
  /** The first of the flags for each {@link BoilerplateNames.Kind}, in its order. */
  private static final int NAMED_KIND = 1 << 15;
  private static final int LAST_FLAG = NAMED_KIND << (BoilerplateNames.Kind.values().length - 1);

  /**
   * Never content: skipped with all they hold. A {@code noscript} is not among them: it is what a
   * client without scripts, a crawler, is given (some forums serve their posts only there).
   */
  private static final Set<String> SKIPPED = without(ContentRules.NOT_CONTENT, "noscript");

  /** Names of the text itself, or of the posts and items that make a page's content. */
  private static final Set<String> CONTENT_TOKENS =
      Set.of(
          "content", "article", "post", "posts", "entry", "body", "text", "main", "story",
          "thread", "message", "product", "description", "item", "items", "result", "results",
          "card", "listing", "answer", "question", "prose", "markdown", "docs", "documentation");

  /** Names of readers' contributions: boilerplate under an article, the content of a forum. */
  private static final Set<String> COMMENT_TOKENS =
      Set.of("comment", "comments", "reply", "replies", "answer", "answers", "review", "reviews",
          "discussion", "forum", "topic", "thread");

  /** How many ancestors up a block's container may be repeated among its siblings. */
  private static final int REPEAT_LEVELS = 5;

  /** Neighbours on each side counted in a block's window. */
  private static final int WINDOW = 2;

  private ContentBlocks() {}

  /** The counts of one element, filled while the pass is inside it. */
  private static final class Frame implements ContentRules.Counts {
    final Element element;
    final Frame parent;
    final int depth;
    /** Its own flags and its ancestors'. */
    final int flags;
    final int ownFlags;
    final boolean block;
    StringBuilder own;
    int ownChars;
    int ownLinks;
    int ownAnchors;
    int text;
    int links;
    /** Blocks with text in the subtree, this one included. */
    int blocks;
    /** Non-link text of the subtree's content blocks, and its links, for the rules. */
    int content;
    int anchors;
    List<Frame> children = List.of();
    /** Siblings (itself included) with this element's tag and class names. */
    int alike = 1;
    /** Its number among the elements that hold blocks ({@link Block#number}), -1 until given. */
    int number = -1;

    Frame(Element element, Frame parent, int ownFlags, boolean block) {
      this.element = element;
      this.parent = parent;
      this.depth = parent == null ? 0 : parent.depth + 1;
      this.ownFlags = ownFlags;
      this.flags = (parent == null ? 0 : parent.flags) | ownFlags;
      this.block = block;
    }

    @Override
    public int content() {
      return content;
    }

    @Override
    public int text() {
      return text;
    }

    @Override
    public int links() {
      return links;
    }

    @Override
    public int anchors() {
      return anchors;
    }

    @Override
    public boolean namedBoilerplate() {
      return (ownFlags & NAMED_BOILERPLATE) != 0;
    }
  }

  /** The blocks of the page's body, or none for a page without one. */
  public static List<Block> of(Document doc) {
    return of(doc, new ArrayList<>());
  }

  /**
   * The blocks of the page's body, and into {@code skipped} the elements left out with all they
   * hold (scripts, styles, what is hidden), the outermost of them.
   */
  static List<Block> of(Document doc, Collection<Element> skipped) {
    Element body = doc.body();
    if (body == null) {
      return List.of();
    }
    // Blocks in the order they open: document order.
    List<Frame> opened = new ArrayList<>();
    Map<Element, Frame> counts = new IdentityHashMap<>(1024);
    Map<String, Integer> names = new HashMap<>();
    int[] linkDepth = {0};
    Frame[] current = {null};
    Frame[] block = {null};
    NodeTraversor.filter(
        new NodeFilter() {
          @Override
          public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode textNode) {
              Frame owner = block[0];
              if (owner == null) {
                return FilterResult.CONTINUE;
              }
              String text = textNode.getWholeText();
              int chars = visibleChars(text);
              if (chars == 0) {
                if (owner.own.length() > 0) {
                  owner.own.append(' ');
                }
                return FilterResult.CONTINUE;
              }
              owner.own.append(text);
              owner.ownChars += chars;
              current[0].text += chars;
              if (linkDepth[0] > 0) {
                owner.ownLinks += chars;
                current[0].links += chars;
              }
              return FilterResult.CONTINUE;
            }
            if (!(node instanceof Element element)) {
              return FilterResult.SKIP_ENTIRELY;
            }
            String name = element.normalName();
            Frame parent = current[0];
            boolean hidden = ContentRules.hidden(element);
            // The body itself is read even when a style hides it until a script has run.
            if (parent != null && skipped(element, hidden)) {
              skipped.add(element);
              return FilterResult.SKIP_ENTIRELY;
            }
            boolean isBlock = element.tag().isBlock() || parent == null;
            Frame frame = new Frame(element, parent, flagsOf(element, hidden, names), isBlock);
            if (parent != null) {
              if (parent.children.isEmpty()) {
                parent.children = new ArrayList<>(4);
              }
              parent.children.add(frame);
            }
            if (isBlock) {
              frame.own = new StringBuilder();
              block[0] = frame;
              opened.add(frame);
            }
            if (name.equals("a")) {
              linkDepth[0]++;
              frame.anchors++;
              if (block[0] != null) {
                block[0].ownAnchors++;
                // Links side by side are items apart, as the markdown writes them.
                if (element.previousSibling() instanceof Element before && before.normalName().equals("a")) {
                  block[0].own.append(' ');
                }
              }
            }
            current[0] = frame;
            return FilterResult.CONTINUE;
          }

          @Override
          public FilterResult tail(Node node, int depth) {
            if (!(node instanceof Element element)) {
              return FilterResult.CONTINUE;
            }
            Frame frame = current[0];
            if (element.normalName().equals("a")) {
              linkDepth[0]--;
            }
            countAlike(frame.children);
            Frame parent = frame.parent;
            if (frame.block && frame.ownChars > 0) {
              frame.blocks++;
              if (ContentRules.isContentBlock(frame.ownChars, frame.ownLinks, element.normalName())) {
                frame.content += frame.ownChars - frame.ownLinks;
              }
            }
            if (parent != null) {
              parent.text += frame.text;
              parent.links += frame.links;
              parent.blocks += frame.blocks;
              parent.content += frame.content;
              parent.anchors += frame.anchors;
            }
            if (frame.text > 0) {
              counts.put(element, frame);
            }
            if (frame.block) {
              Frame outer = parent;
              while (outer != null && !outer.block) {
                outer = outer.parent;
              }
              block[0] = outer;
            }
            current[0] = parent;
            return FilterResult.CONTINUE;
          }
        },
        body);
    List<Frame> withText = new ArrayList<>(opened.size());
    for (Frame frame : opened) {
      if (frame.ownChars > 0) {
        withText.add(frame);
      }
    }
    return features(doc, withText, ContentRules.of(body, counts));
  }

  /** Sets, for each of the children, how many of them share its tag and class names. */
  private static void countAlike(List<Frame> children) {
    int n = children.size();
    if (n < 2) {
      return;
    }
    // Signatures as hashes in a small open-addressed table: no strings made per child.
    int size = Integer.highestOneBit(n * 2) * 2;
    int[] keys = new int[size];
    int[] counts = new int[size];
    int[] slots = new int[n];
    for (int i = 0; i < n; i++) {
      Element element = children.get(i).element;
      int key = (element.normalName().hashCode() * 31 + element.className().hashCode()) | 1;
      int slot = key & (size - 1);
      while (keys[slot] != 0 && keys[slot] != key) {
        slot = (slot + 1) & (size - 1);
      }
      keys[slot] = key;
      counts[slot]++;
      slots[i] = slot;
    }
    for (int i = 0; i < n; i++) {
      children.get(i).alike = counts[slots[i]];
    }
  }

  private static int flagsOf(Element element, boolean hidden, Map<String, Integer> names) {
    int flags = 0;
    switch (element.normalName()) {
      case "nav" -> flags |= NAV;
      case "aside" -> flags |= ASIDE;
      case "footer" -> flags |= FOOTER;
      case "header" -> flags |= HEADER;
      case "form" -> flags |= FORM;
      case "li" -> flags |= LI;
      case "table" -> flags |= TABLE;
      case "article" -> flags |= ARTICLE;
      case "main" -> flags |= MAIN;
      case "a" -> flags |= LINK;
      case "noscript" -> flags |= NOSCRIPT;
      default -> { }
    }
    if (element.attributesSize() == 0) {
      return flags;
    }
    Attributes attributes = element.attributes();
    if (hidden) {
      flags |= HIDDEN;
    }
    String role = attributes.get("role").toLowerCase(Locale.ROOT);
    if (role.equals("main") || attributes.get("itemprop").equalsIgnoreCase("articleBody")) {
      flags |= MAIN;
    } else if (role.equals("navigation")) {
      flags |= NAV;
    }
    // Class lists repeat through a page (and utility classes make them long): read each once.
    return flags | names.computeIfAbsent(attributes.get("class"), ContentBlocks::namedFlags)
        | namedFlags(attributes.get("id")) | namedFlags(attributes.get("role"))
        | namedFlags(attributes.get("aria-label"));
  }

  /** What the word tokens of one name (a class list, an id...) say. */
  private static int namedFlags(String name) {
    if (name.isEmpty()) {
      return 0;
    }
    int[] named = {0};
    BoilerplateNames.forEachToken(name, token -> {
      BoilerplateNames.Kind kind = BoilerplateNames.kindOf(token);
      if (kind != null) {
        named[0] |= NAMED_BOILERPLATE | (NAMED_KIND << kind.ordinal());
      }
      if (CONTENT_TOKENS.contains(token)) {
        named[0] |= NAMED_CONTENT;
      }
      if (COMMENT_TOKENS.contains(token)) {
        named[0] |= NAMED_COMMENT;
      }
    });
    return named[0];
  }

  private static List<Block> features(Document doc, List<Frame> frames, ContentRules.Choice rules) {
    Set<Element> rulesKept = rules.kept();
    Frame root = frames.isEmpty() ? null : frames.get(0);
    while (root != null && root.parent != null) {
      root = root.parent;
    }
    int pageChars = root == null ? 0 : Math.max(1, root.text);
    float pageLinkDensity = root == null ? 0 : density(root.links, root.text);
    String title = doc.title().strip().toLowerCase(Locale.ROOT);
    int n = frames.size();
    // What kind of page: how much the rules keep, how much one repeated unit holds, headings.
    int rulesChars = 0;
    float repeatShare = 0;
    int headings = 0;
    int hiddenChars = 0;
    for (Frame f : frames) {
      if ((f.flags & HIDDEN) != 0) {
        hiddenChars += f.ownChars;
      }
      if (rulesKept.contains(f.element)) {
        rulesChars += f.ownChars;
      }
      Frame unit = f;
      for (int level = 0; level < REPEAT_LEVELS && unit.parent != null; level++, unit = unit.parent) {
        if (unit.alike >= 4) {
          repeatShare = Math.max(repeatShare, unit.parent.text / (float) pageChars);
        }
      }
      int tag = tagIndex(f.element.normalName());
      if (tag == 3 || tag == 4) {
        headings++;
      }
    }
    int[] parents = number(frames);
    List<Block> blocks = new ArrayList<>(n);
    int before = 0;
    for (int i = 0; i < n; i++) {
      Frame f = frames.get(i);
      TextCounts counts = TextCounts.of(f.own);
      float[] x = new float[FEATURES.size()];
      int k = 0;
      x[k++] = log(f.ownChars);
      x[k++] = counts.words;
      x[k++] = density(f.ownLinks, f.ownChars);
      x[k++] = f.ownAnchors;
      x[k++] = counts.punctuation / (float) f.ownChars;
      x[k++] = counts.sentenceEnd ? 1 : 0;
      x[k++] = counts.digits / (float) f.ownChars;
      x[k++] = counts.words == 0 ? 0 : f.ownChars / (float) counts.words;
      String lower = f.ownChars <= SHORT_TEXT ? collapse(f.own).toLowerCase(Locale.ROOT) : null;
      x[k++] = titleLike(lower, title) ? 1 : 0;
      String tag = f.element.normalName();
      int tagAt = k;
      k += 10;
      x[tagAt + tagIndex(tag)] = 1;
      for (int flag = NAV; flag <= LAST_FLAG; flag <<= 1) {
        x[k++] = (f.flags & flag) != 0 ? 1 : 0;
      }
      x[k++] = f.depth;
      x[k++] = n <= 1 ? 0 : i / (float) (n - 1);
      x[k++] = before / (float) pageChars;
      Frame parent = f.parent == null ? f : f.parent;
      Frame grandparent = parent.parent == null ? parent : parent.parent;
      x[k++] = log(parent.text);
      x[k++] = density(parent.links, parent.text);
      x[k++] = parent.children.size();
      x[k++] = log(grandparent.text);
      x[k++] = density(grandparent.links, grandparent.text);
      Frame prev = i > 0 ? frames.get(i - 1) : null;
      Frame next = i + 1 < n ? frames.get(i + 1) : null;
      x[k++] = prev == null ? 0 : log(prev.ownChars);
      x[k++] = prev == null ? 0 : density(prev.ownLinks, prev.ownChars);
      x[k++] = next == null ? 0 : log(next.ownChars);
      x[k++] = next == null ? 0 : density(next.ownLinks, next.ownChars);
      int window = 0;
      for (int j = Math.max(0, i - WINDOW); j <= Math.min(n - 1, i + WINDOW); j++) {
        window += frames.get(j).ownChars - frames.get(j).ownLinks;
      }
      x[k++] = log(window);
      int repeat = 1;
      int repeatLevel = 0;
      Frame unit = f;
      Frame repeated = null;
      for (int level = 0; level < REPEAT_LEVELS && unit.parent != null; level++) {
        if (unit.alike > repeat) {
          repeat = unit.alike;
          repeatLevel = level + 1;
          repeated = unit;
        }
        unit = unit.parent;
      }
      x[k++] = log(repeat);
      x[k++] = repeatLevel;
      x[k++] = repeated == null ? 0 : repeated.parent.text / (float) pageChars;
      x[k++] = repeated == null ? 0 : log(repeated.text);
      x[k++] = repeated == null ? 0 : density(repeated.links, repeated.text);
      x[k++] = repeated == null ? 0 : repeated.blocks;
      x[k++] = repeated == null ? 0 : density(repeated.parent.links, repeated.parent.text);
      x[k++] = log(pageChars);
      x[k++] = pageLinkDensity;
      x[k++] = log(n);
      x[k++] = rulesChars / (float) pageChars;
      x[k++] = repeatShare;
      x[k++] = log(headings);
      x[k++] = hiddenChars / (float) pageChars;
      x[k++] = rulesKept.contains(f.element) ? 1 : 0;
      x[k++] = within(f.element, rules.region()) ? 1 : 0;
      x[k++] = boilerplateWords(lower);
      x[k++] = lower != null && BoilerplateNames.isLabel(lower) ? 1 : 0;
      assert k == x.length;
      before += f.ownChars;
      blocks.add(new Block(f.element, f.own, x, f.ownChars, f.number, parents,
          repeated == null ? 0 : repeatLevel));
    }
    return blocks;
  }

  /**
   * Numbers the blocks' elements and those that hold them, each one's above its parent's, and
   * gives each number's parent.
   */
  private static int[] number(List<Frame> blocks) {
    List<Frame> numbered = new ArrayList<>(blocks.size() * 2);
    List<Frame> unnumbered = new ArrayList<>();
    for (Frame block : blocks) {
      for (Frame frame = block; frame != null && frame.number < 0; frame = frame.parent) {
        unnumbered.add(frame);
      }
      // From the top down: a parent is numbered before its children.
      for (int i = unnumbered.size() - 1; i >= 0; i--) {
        Frame frame = unnumbered.get(i);
        frame.number = numbered.size();
        numbered.add(frame);
      }
      unnumbered.clear();
    }
    int[] parents = new int[numbered.size()];
    for (int i = 0; i < parents.length; i++) {
      Frame parent = numbered.get(i).parent;
      parents[i] = parent == null ? -1 : parent.number;
    }
    return parents;
  }

  /** Fewest characters of text that make a hidden element a page's body. */
  private static final int HIDDEN_BODY_TEXT = 2000;

  /**
   * Whether the element and all it holds are never content: scripts, styles, hidden elements.
   * A hidden one with a page's worth of text is read, and its blocks say so: a page streamed by
   * React holds its whole content in a {@code hidden} element until a script shows it, a shop may
   * hide its product until its scripts have run, and a page whose consent dialog was open when
   * it was saved has the rest of it {@code aria-hidden}.
   */
  private static boolean skipped(Element element, boolean hidden) {
    return SKIPPED.contains(element.normalName())
        || hidden && element.text().length() < HIDDEN_BODY_TEXT;
  }

  private static Set<String> without(Set<String> names, String name) {
    Set<String> rest = new HashSet<>(names);
    rest.remove(name);
    return Set.copyOf(rest);
  }

  private static boolean within(Element element, Element ancestor) {
    for (Element e = element; e != null; e = e.parent()) {
      if (e == ancestor) {
        return true;
      }
    }
    return false;
  }

  /** Words that page furniture says and prose seldom does: rights, cookies, sign-ups, sharing. */
  private static final List<String> FURNITURE_WORDS =
      List.of("©", "copyright", "all rights reserved", "cookie", "privacy", "terms of",
          "subscribe", "newsletter", "sign up", "sign in", "log in", "login", "follow us",
          "share", "advertis", "sponsored", "read more", "skip to");

  /** A text at most this long may be a headline or a furniture line; longer ones are prose. */
  private static final int SHORT_TEXT = 300;

  private static int boilerplateWords(String lower) {
    if (lower == null) {
      return 0;
    }
    int count = 0;
    for (String word : FURNITURE_WORDS) {
      if (lower.contains(word)) {
        count++;
      }
    }
    return count;
  }

  private static int tagIndex(String tag) {
    return switch (tag) {
      case "p" -> 0;
      case "li" -> 1;
      case "td", "th" -> 2;
      case "h1" -> 3;
      case "h2", "h3", "h4", "h5", "h6" -> 4;
      case "div" -> 5;
      case "pre" -> 6;
      case "blockquote" -> 7;
      case "dd", "dt" -> 8;
      default -> 9;
    };
  }

  private static float log(int count) {
    return (float) Math.log1p(count);
  }

  private static float density(int part, int whole) {
    return whole <= 0 ? 0 : part / (float) whole;
  }

  static int visibleChars(String text) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      if ((CharKind.of(text.charAt(i)) & CharKind.SPACE) == 0) {
        count++;
      }
    }
    return count;
  }

  static String collapse(CharSequence text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean space = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((CharKind.of(c) & CharKind.SPACE) != 0) {
        space = out.length() > 0;
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Words, punctuation marks and digits of a text, and whether it ends a sentence: one pass. */
  private static final class TextCounts {
    int words;
    int punctuation;
    int digits;
    boolean sentenceEnd;

    static TextCounts of(CharSequence text) {
      TextCounts counts = new TextCounts();
      boolean inWord = false;
      char last = ' ';
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        int kind = CharKind.of(c);
        boolean letter = (kind & CharKind.WORD) != 0;
        if (letter && !inWord) {
          counts.words++;
        }
        inWord = letter;
        if ((kind & CharKind.DIGIT) != 0) {
          counts.digits++;
        }
        if ((kind & CharKind.PUNCTUATION) != 0) {
          counts.punctuation++;
        }
        // The last mark that is not a space or a closing quote or bracket.
        if ((kind & (CharKind.SPACE | CharKind.CLOSING)) == 0) {
          last = c;
        }
      }
      counts.sentenceEnd = last == '.' || last == '!' || last == '?' || last == '。' || last == ':';
      return counts;
    }
  }

  /**
   * What a character is to the counts, as bits. ASCII characters are looked up in a table made
   * once rather than asking {@link Character} three times for every character of every block.
   */
  static final class CharKind {
    /** A letter or a digit: part of a word. */
    static final int WORD = 1;
    static final int DIGIT = 2;
    /** White space, or a no-break space. */
    static final int SPACE = 4;
    /** A mark that ends or splits a sentence or clause. */
    static final int PUNCTUATION = 8;
    /** A closing quote or bracket. */
    static final int CLOSING = 16;

    private static final byte[] ASCII = new byte[128];

    static {
      for (char c = 0; c < 128; c++) {
        ASCII[c] = (byte) slow(c);
      }
    }

    private CharKind() {}

    static int of(char c) {
      return c < 128 ? ASCII[c] : slow(c);
    }

    private static int slow(char c) {
      int kind = 0;
      if (Character.isLetterOrDigit(c)) {
        kind |= WORD;
        if (Character.isDigit(c)) {
          kind |= DIGIT;
        }
      }
      if (Character.isWhitespace(c) || c == '\u00a0') {
        kind |= SPACE;
      }
      switch (c) {
        case '.', ',', ';', ':', '!', '?', '。', '、', '，' -> kind |= PUNCTUATION;
        case '"', '\'', ')', '”', '’' -> kind |= CLOSING;
        default -> { }
      }
      return kind;
    }
  }

  /** A short text the page's title holds, or one that holds the title: the headline. */
  private static boolean titleLike(String lower, String title) {
    return lower != null && !title.isEmpty() && (title.contains(lower) || lower.contains(title));
  }
}
