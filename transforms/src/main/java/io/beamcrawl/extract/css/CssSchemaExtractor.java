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
import org.jsoup.Jsoup;
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
      Element root = Jsoup.parse(page.html() == null ? "" : page.html(), page.url() == null ? "" : page.url());
      JsonNode data;
      if (schema.baseSelector() == null) {
        data = object(root, schema.fields());
      } else {
        ArrayNode items = NODES.arrayNode();
        for (Element item : root.select(schema.baseSelector())) {
          items.add(object(item, schema.fields()));
        }
        data = items;
      }
      return ExtractionResult.of(JSON.writeValueAsString(data));
    } catch (Exception e) {
      return ExtractionResult.failed(page.markdown(), "schema extraction failed: " + e);
    }
  }

  private static ObjectNode object(Element scope, List<CssSchema.Field> fields) {
    ObjectNode object = NODES.objectNode();
    for (CssSchema.Field field : fields) {
      object.set(field.name(), value(scope, field));
    }
    return object;
  }

  private static JsonNode value(Element scope, CssSchema.Field field) {
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
      return NODES.nullNode();
    }
    return switch (field.type()) {
      case TEXT -> NODES.textNode(first.text().strip());
      case ATTRIBUTE -> first.hasAttr(field.attribute()) ? attribute(first, field.attribute()) : NODES.nullNode();
      case HTML -> NODES.textNode(first.html());
      case NUMBER -> number(first.text());
      case OBJECT -> object(first, field.fields());
      case LIST -> throw new IllegalStateException("handled above");
    };
  }

  private static JsonNode attribute(Element element, String name) {
    boolean isUrl = name.equals("href") || name.equals("src");
    String value = isUrl && !element.absUrl(name).isEmpty() ? element.absUrl(name) : element.attr(name);
    return NODES.textNode(value);
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
