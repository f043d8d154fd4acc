package io.beamcrawl.extract.css;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beamcrawl.extract.ExtractionResult;
import io.beamcrawl.extract.Extractor;
import io.beamcrawl.extract.PageContent;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/** Applies a {@link CssSchema} to a page: deterministic, no network, no tokens. */
public final class CssSchemaExtractor implements Extractor {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final CssSchema schema;

  public CssSchemaExtractor(CssSchema schema) {
    this.schema = schema;
  }

  @Override
  public ExtractionResult extract(PageContent page) {
    try {
      Document root = Jsoup.parse(page.html() == null ? "" : page.html(), page.url() == null ? "" : page.url());
      root.outputSettings().prettyPrint(false); // html fields as the page wrote them
      JsonNode data;
      if (schema.baseSelector() == null) {
        data = object(root, schema.fields());
      } else {
        ArrayNode items = NODES.arrayNode();
        for (Element item : root.select(schema.baseSelector())) {
          ObjectNode object = object(item, schema.fields());
          if (!crawl4Ai() || !object.isEmpty()) {
            items.add(object);
          }
        }
        data = items;
      }
      return ExtractionResult.of(JSON.writeValueAsString(data));
    } catch (Exception e) {
      return ExtractionResult.failed(page.markdown(), "schema extraction failed: " + e);
    }
  }

  private boolean crawl4Ai() {
    return schema.dialect() == CssSchema.Dialect.CRAWL4AI;
  }

  private ObjectNode object(Element scope, List<CssSchema.Field> fields) throws Exception {
    ObjectNode object = NODES.objectNode();
    for (CssSchema.Field field : fields) {
      JsonNode value = value(scope, field);
      if (value.isNull() && field.defaultValue() != null) {
        value = JSON.readTree(field.defaultValue());
      }
      if (!crawl4Ai() || !value.isNull()) {
        object.set(field.name(), value);
      }
    }
    return object;
  }

  private JsonNode value(Element scope, CssSchema.Field field) throws Exception {
    Elements matches = field.selector().isEmpty() ? new Elements(scope) : scope.select(field.selector());
    if (field.type() == CssSchema.Type.LIST) {
      ArrayNode list = NODES.arrayNode();
      for (Element match : matches) {
        if (field.fields() != null) {
          list.add(object(match, field.fields()));
        } else if (field.attribute() != null) {
          list.add(attribute(match, field.attribute()));
        } else {
          list.add(match.text().strip());
        }
      }
      return list;
    }
    Element first = matches.first();
    if (first == null) {
      return field.type() == CssSchema.Type.OBJECT && crawl4Ai() ? NODES.objectNode() : NODES.nullNode();
    }
    JsonNode value =
        switch (field.type()) {
          case TEXT -> NODES.textNode(first.text().strip());
          case ATTRIBUTE -> first.hasAttr(field.attribute()) ? attribute(first, field.attribute()) : NODES.nullNode();
          case HTML -> NODES.textNode(crawl4Ai() ? first.outerHtml() : first.html());
          case NUMBER -> number(first.text());
          case REGEX -> regex(first.text(), field.pattern());
          case OBJECT -> object(first, field.fields());
          case LIST -> throw new IllegalStateException("handled above");
        };
    return value.isTextual() && field.transform() != null
        ? NODES.textNode(transformed(value.asText(), field.transform()))
        : value;
  }

  private JsonNode attribute(Element element, String name) {
    boolean isUrl = !crawl4Ai() && (name.equals("href") || name.equals("src"));
    String value = isUrl && !element.absUrl(name).isEmpty() ? element.absUrl(name) : element.attr(name);
    return NODES.textNode(value);
  }

  /** The pattern's first group in the text (the whole match when it has none); null without a match. */
  private static JsonNode regex(String text, Pattern pattern) {
    Matcher match = pattern.matcher(text);
    if (!match.find()) {
      return NODES.nullNode();
    }
    String value = match.groupCount() > 0 ? match.group(1) : match.group();
    return value == null ? NODES.nullNode() : NODES.textNode(value);
  }

  private static String transformed(String text, CssSchema.Transform transform) {
    return switch (transform) {
      case LOWERCASE -> text.toLowerCase(Locale.ROOT);
      case UPPERCASE -> text.toUpperCase(Locale.ROOT);
      case STRIP -> text.strip();
    };
  }

  /** "€1,299.50" → 1299.50; text without a number gives null. */
  static JsonNode number(String text) {
    String digits = text.replaceAll("[^0-9.\\-]", "");
    try {
      return digits.isEmpty() ? NODES.nullNode() : NODES.numberNode(new BigDecimal(digits));
    } catch (NumberFormatException e) {
      return NODES.nullNode();
    }
  }
}
