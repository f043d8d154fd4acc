package io.beamcrawl.parse;

import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.TextCollectingVisitor;
import com.vladsch.flexmark.util.data.MutableDataSet;
import java.util.List;

/** The plain text of markdown: what a reader sees, without link targets, image URLs or markup. */
public final class MarkdownText {

  private static final Parser PARSER =
      Parser.builder(new MutableDataSet().set(Parser.EXTENSIONS, List.of(TablesExtension.create())))
          .build();

  private MarkdownText() {}

  public static String plain(String markdown) {
    return new TextCollectingVisitor().collectAndGetText(PARSER.parse(markdown));
  }
}
