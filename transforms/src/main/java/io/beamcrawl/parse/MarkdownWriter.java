package io.beamcrawl.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Writes an element's content as markdown (CommonMark with GitHub's tables and strikethrough, and
 * definition lists), walking the Jsoup tree once: ATX headings, paragraphs, lists (nested, ordered
 * from their {@code start}), block quotes, fenced code with its language, tables, rules, links,
 * images, emphasis and inline code. Text is escaped where it would read back as markup. Plain
 * code of its own: a general HTML-to-markdown library was half of a crawl's CPU.
 */
final class MarkdownWriter {

  /** Elements that hold blocks: their inline runs are paragraphs. */
  private static final Set<String> CONTAINERS =
      Set.of(
          "div", "section", "article", "main", "header", "footer", "aside", "nav", "figure",
          "figcaption", "form", "fieldset", "details", "summary", "center", "address", "body",
          "html", "li", "dd", "dt", "td", "th", "caption", "legend", "hgroup", "search", "menu");

  /** Elements in a line of text, whatever else HTML lets them hold. */
  private static final Set<String> INLINE =
      Set.of(
          "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em",
          "font", "i", "img", "ins", "kbd", "label", "mark", "nobr", "picture", "q", "s", "samp",
          "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr");

  /** Never written; a noscript is, when the main content holds it (full mode removes it first). */
  private static final Set<String> SKIPPED =
      Set.of(
          "script", "style", "template", "svg", "iframe", "object", "embed", "canvas",
          "input", "select", "textarea", "button", "head", "title", "meta", "link", "option");

  /** A line break's stand-in until whitespace is collapsed: a private-use character. */
  private static final char BREAK = '\uE002';

  private static final Pattern LANGUAGE = Pattern.compile("(?:^|\\s)(?:language|lang)-([\\w+#.-]+)");

  private static final Pattern ORDERED_ITEM = Pattern.compile("\\d+\\. ");

  /** A line start that would read back as a heading, quote, list item or rule. */
  private static final Pattern MARKUP_AT_LINE_START =
      Pattern.compile("^(#{1,6}(?=\\s|$)|>|[-+*](?=\\s|$)|\\d{1,9}[.)](?=\\s|$)|[-=]{3,}\\s*$)");

  private MarkdownWriter() {}

  /** The content's markdown, stripped. */
  static String write(Element content) {
    return join(blocks(content), "\n\n").strip();
  }

  // ---- blocks

  /** The blocks an element holds, each a markdown string without surrounding blank lines. */
  private static List<String> blocks(Element element) {
    List<String> blocks = new ArrayList<>();
    StringBuilder inline = new StringBuilder();
    for (Node child = element.firstChild(); child != null; child = child.nextSibling()) {
      if (child instanceof TextNode text) {
        inline.append(escape(text.getWholeText()));
      } else if (child instanceof Element el) {
        String name = el.normalName();
        if (SKIPPED.contains(name)) {
          continue;
        }
        if (isBlock(el)) {
          paragraph(inline, blocks);
          block(el, blocks);
        } else {
          inline(el, inline);
        }
      }
    }
    paragraph(inline, blocks);
    return blocks;
  }

  private static boolean isBlock(Element el) {
    String name = el.normalName();
    return !INLINE.contains(name) && (CONTAINERS.contains(name) || el.tag().isBlock());
  }

  private static void block(Element el, List<String> blocks) {
    String name = el.normalName();
    switch (name) {
      case "h1", "h2", "h3", "h4", "h5", "h6" -> {
        String text = inlineText(el);
        if (!text.isEmpty()) {
          blocks.add("#".repeat(name.charAt(1) - '0') + " " + text.replace('\n', ' '));
        }
      }
      case "p" -> blocks.addAll(blocks(el));
      case "ul", "ol" -> add(blocks, list(el, name.equals("ol")));
      case "blockquote" -> add(blocks, prefixed(join(blocks(el), "\n\n"), "> ", ">"));
      case "pre" -> blocks.add(codeBlock(el));
      case "table" -> add(blocks, table(el));
      case "hr" -> blocks.add("---");
      case "dl" -> add(blocks, definitions(el));
      default -> blocks.addAll(blocks(el));
    }
  }

  private static void add(List<String> blocks, String block) {
    if (!block.isBlank()) {
      blocks.add(block);
    }
  }

  /** Inline runs become a paragraph, each line's leading markup escaped. */
  private static void paragraph(StringBuilder inline, List<String> blocks) {
    if (inline.length() == 0) {
      return;
    }
    String text = collapse(inline.toString());
    inline.setLength(0);
    if (text.isEmpty()) {
      return;
    }
    StringBuilder paragraph = new StringBuilder(text.length() + 8);
    for (String line : text.split("\n", -1)) {
      if (paragraph.length() > 0) {
        paragraph.append('\n');
      }
      Matcher markup = MARKUP_AT_LINE_START.matcher(line);
      paragraph.append(markup.find() ? escapeLeading(line, markup.group(1)) : line);
    }
    blocks.add(paragraph.toString());
  }

  private static String escapeLeading(String line, String markup) {
    char first = markup.charAt(0);
    if (Character.isDigit(first)) {
      int mark = markup.length() - 1;
      return line.substring(0, mark) + "\\" + line.substring(mark);
    }
    return "\\" + line;
  }

  private static String list(Element list, boolean ordered) {
    int number = 1;
    if (ordered) {
      try {
        number = Integer.parseInt(list.attr("start").strip());
      } catch (NumberFormatException e) {
        number = 1;
      }
    }
    StringBuilder out = new StringBuilder();
    for (Element item : list.children()) {
      if (!item.normalName().equals("li")) {
        continue;
      }
      String marker = ordered ? (number++) + ". " : "* ";
      List<String> parts = blocks(item);
      StringBuilder content = new StringBuilder();
      for (int i = 0; i < parts.size(); i++) {
        if (i > 0) {
          boolean nestedList = parts.get(i).startsWith("* ") || ORDERED_ITEM.matcher(parts.get(i)).lookingAt();
          content.append(nestedList ? "\n" : "\n\n");
        }
        content.append(parts.get(i));
      }
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(marker).append(prefixed(content.toString(), " ".repeat(marker.length()), "").stripLeading());
    }
    return out.toString();
  }

  /** Every line of {@code text} after a prefix; blank lines get {@code blankPrefix}. */
  private static String prefixed(String text, String prefix, String blankPrefix) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (String line : text.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(line.isBlank() ? blankPrefix : prefix + line);
    }
    return out.toString();
  }

  private static String codeBlock(Element pre) {
    String code = pre.wholeText();
    if (code.endsWith("\n")) {
      code = code.substring(0, code.length() - 1);
    }
    String fence = "```";
    while (code.contains(fence)) {
      fence += "`";
    }
    return fence + language(pre) + "\n" + code + "\n" + fence;
  }

  /** The language a code block names in its class (language-x or lang-x), on pre or its code. */
  private static String language(Element pre) {
    List<Element> candidates = new ArrayList<>(List.of(pre));
    for (Element child : pre.children()) {
      if (child.normalName().equals("code")) {
        candidates.add(child);
        break;
      }
    }
    for (Element candidate : candidates) {
      Matcher language = LANGUAGE.matcher(candidate.className());
      if (language.find()) {
        return language.group(1).toLowerCase(Locale.ROOT);
      }
    }
    return "";
  }

  private static String table(Element table) {
    List<List<String>> rows = new ArrayList<>();
    collectRows(table, rows);
    int columns = rows.stream().mapToInt(List::size).max().orElse(0);
    if (columns == 0) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      out.append('|');
      for (int c = 0; c < columns; c++) {
        out.append(' ').append(c < row.size() ? row.get(c) : "").append(" |");
      }
      out.append('\n');
      if (r == 0) {
        out.append('|').append("---|".repeat(columns)).append('\n');
      }
    }
    String title = "";
    for (Element child : table.children()) {
      if (child.normalName().equals("caption")) {
        title = inlineText(child);
      }
    }
    return (title.isEmpty() ? "" : title + "\n\n") + out.toString().stripTrailing();
  }

  /** The table's own rows (not those of tables inside its cells), in order. */
  private static void collectRows(Element parent, List<List<String>> rows) {
    for (Element child : parent.children()) {
      switch (child.normalName()) {
        case "thead", "tbody", "tfoot" -> collectRows(child, rows);
        case "tr" -> {
          List<String> cells = new ArrayList<>();
          for (Element cell : child.children()) {
            if (cell.normalName().equals("td") || cell.normalName().equals("th")) {
              cells.add(cellText(cell));
            }
          }
          if (!cells.isEmpty()) {
            rows.add(cells);
          }
        }
        default -> {}
      }
    }
  }

  /** A cell on one line; a table inside it is only its text, as a table cannot hold one. */
  private static String cellText(Element cell) {
    boolean holdsTable = cell.getElementsByTag("table").size() > 0;
    String text = holdsTable ? escape(cell.text()) : join(blocks(cell), " ");
    return text.replace('\n', ' ').replace("|", "\\|").strip();
  }

  private static String definitions(Element list) {
    StringBuilder out = new StringBuilder();
    for (Element item : list.children()) {
      String text = join(blocks(item), "\n\n");
      if (text.isBlank()) {
        continue;
      }
      if (out.length() > 0) {
        out.append('\n');
      }
      if (item.normalName().equals("dd")) {
        out.append(":   ").append(prefixed(text, "    ", "").stripLeading());
      } else {
        out.append(text.replace('\n', ' '));
      }
    }
    return out.toString();
  }

  // ---- inline

  /** An element's inline content, whitespace collapsed. */
  private static String inlineText(Element element) {
    StringBuilder out = new StringBuilder();
    for (Node child = element.firstChild(); child != null; child = child.nextSibling()) {
      inlineNode(child, out);
    }
    return collapse(out.toString());
  }

  private static void inlineNode(Node node, StringBuilder out) {
    if (node instanceof TextNode text) {
      out.append(escape(text.getWholeText()));
    } else if (node instanceof Element el && !SKIPPED.contains(el.normalName())) {
      inline(el, out);
    }
  }

  private static void inline(Element el, StringBuilder out) {
    switch (el.normalName()) {
      case "br" -> out.append(BREAK);
      case "img" -> {
        String src = el.attr("src");
        if (!src.isEmpty()) {
          out.append("![").append(escape(el.attr("alt")).strip()).append("](").append(url(src)).append(')');
        }
      }
      case "a" -> {
        if (el.previousSibling() instanceof Element before && before.normalName().equals("a")) {
          // Links side by side are items apart (a menu laid out by its style), not one word.
          out.append(' ');
        }
        String text = inlineText(el);
        String href = el.attr("href");
        if (href.isEmpty() || href.startsWith("javascript:") || href.startsWith("#") || text.isEmpty()) {
          out.append(text);
        } else {
          out.append('[').append(text).append("](").append(url(href)).append(')');
        }
      }
      case "strong", "b" -> wrapped(el, "**", out);
      case "em", "i" -> wrapped(el, "*", out);
      case "del", "s", "strike" -> wrapped(el, "~~", out);
      case "code", "kbd", "samp", "tt" -> out.append(code(el.text()));
      default -> {
        if (isBlock(el)) {
          // A block inside an inline element (a div in a link): its text stays in the line.
          out.append(' ').append(join(blocks(el), " ")).append(' ');
        } else {
          for (Node child = el.firstChild(); child != null; child = child.nextSibling()) {
            inlineNode(child, out);
          }
        }
      }
    }
  }

  /** Emphasis around the text, the text's outer spaces kept outside the marks. */
  private static void wrapped(Element el, String mark, StringBuilder out) {
    StringBuilder inner = new StringBuilder();
    for (Node child = el.firstChild(); child != null; child = child.nextSibling()) {
      inlineNode(child, inner);
    }
    String text = inner.toString();
    String core = text.strip();
    if (core.isEmpty()) {
      out.append(text.isEmpty() ? "" : " ");
      return;
    }
    if (Character.isWhitespace(text.charAt(0))) {
      out.append(' ');
    }
    out.append(mark).append(core).append(mark);
    if (Character.isWhitespace(text.charAt(text.length() - 1))) {
      out.append(' ');
    }
  }

  /** Inline code, fenced by more backticks than any run inside it. */
  private static String code(String text) {
    String collapsed = text.replaceAll("\\s+", " ");
    if (collapsed.isBlank()) {
      return collapsed;
    }
    String fence = "`";
    while (collapsed.contains(fence)) {
      fence += "`";
    }
    boolean pad = collapsed.startsWith("`") || collapsed.endsWith("`");
    return fence + (pad ? " " : "") + collapsed + (pad ? " " : "") + fence;
  }

  /** A link target as markdown reads it: spaces and parentheses escaped. */
  private static String url(String url) {
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29");
  }

  /** Text as markdown: characters that would read back as markup escaped. */
  static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean special =
          c == '\\' || c == '*' || c == '`' || c == '[' || c == ']'
              || (c == '_' && !(isWordChar(text, i - 1) && isWordChar(text, i + 1)))
              || (c == '<' && i + 1 < text.length() && (Character.isLetter(text.charAt(i + 1)) || text.charAt(i + 1) == '/'));
      if (special && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out != null) {
        if (special) {
          out.append('\\');
        }
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  private static boolean isWordChar(String text, int i) {
    return i >= 0 && i < text.length() && Character.isLetterOrDigit(text.charAt(i));
  }

  /**
   * HTML's whitespace rules on a run of inline markdown: runs of spaces, tabs and line breaks are
   * one space; a {@code <br>} is a hard break ({@code "  \n"}), except at the run's ends.
   */
  private static String collapse(String text) {
    char[] in = text.toCharArray(); // read a character at a time: no checks per character
    int n = in.length;
    StringBuilder out = new StringBuilder(n + 16);
    boolean space = false;
    boolean lineBreak = false;
    int i = 0;
    while (i < n) {
      char c = in[i];
      if (c == BREAK) {
        lineBreak = out.length() > 0;
        space = false;
        i++;
      } else if (isCollapsible(c)) {
        space = out.length() > 0 && !lineBreak;
        i++;
      } else {
        if (lineBreak) {
          out.append("  \n");
          lineBreak = false;
        } else if (space) {
          out.append(' ');
        }
        space = false;
        // Copied a run at a time: words and the single spaces between them need no change.
        int run = i++;
        while (i < n && !isCollapsible(in[i]) && in[i] != BREAK
            || i + 1 < n && in[i] == ' ' && !isCollapsible(in[i + 1]) && in[i + 1] != BREAK) {
          i++;
        }
        out.append(in, run, i - run);
      }
    }
    return out.toString();
  }

  private static boolean isCollapsible(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  private static String join(List<String> parts, String separator) {
    return String.join(separator, parts);
  }
}
