package io.beamcrawl.parse;

import com.vladsch.flexmark.ast.AutoLink;
import com.vladsch.flexmark.ast.Code;
import com.vladsch.flexmark.ast.CodeBlock;
import com.vladsch.flexmark.ast.HardLineBreak;
import com.vladsch.flexmark.ast.HtmlBlock;
import com.vladsch.flexmark.ast.HtmlInline;
import com.vladsch.flexmark.ast.Image;
import com.vladsch.flexmark.ast.ImageRef;
import com.vladsch.flexmark.ast.SoftLineBreak;
import com.vladsch.flexmark.ast.Text;
import com.vladsch.flexmark.ext.tables.TableCell;
import com.vladsch.flexmark.ext.tables.TableSeparator;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Block;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.data.MutableDataSet;
import java.util.List;

/**
 * The plain text of markdown: what a reader sees, without link targets, images (their alt text is
 * a description, not the text) or markup; blocks end in a line break.
 */
public final class MarkdownText {

  private static final Parser PARSER =
      Parser.builder(new MutableDataSet().set(Parser.EXTENSIONS, List.of(TablesExtension.create())))
          .build();

  private MarkdownText() {}

  public static String plain(String markdown) {
    StringBuilder out = new StringBuilder();
    collect(PARSER.parse(markdown), out);
    return out.toString().strip();
  }

  private static void collect(Node node, StringBuilder out) {
    if (node instanceof Image || node instanceof ImageRef || node instanceof HtmlInline
        || node instanceof HtmlBlock || node instanceof TableSeparator) {
      return;
    }
    if (node instanceof Code code) {
      out.append(code.getText()); // its text, not its text node's again
      return;
    }
    if (node instanceof Text) {
      out.append(node.getChars().unescape());
    } else if (node instanceof CodeBlock) {
      out.append(node.getChars());
    } else if (node instanceof AutoLink link) {
      out.append(link.getText());
    } else if (node instanceof SoftLineBreak || node instanceof HardLineBreak) {
      out.append(' ');
    }
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      collect(child, out);
    }
    if (node instanceof TableCell) {
      out.append(' ');
    } else if (node instanceof Block && out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
      out.append('\n');
    }
  }
}
