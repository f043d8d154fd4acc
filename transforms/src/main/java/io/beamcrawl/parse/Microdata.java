package io.beamcrawl.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jsoup.nodes.Element;

/** HTML microdata items as JSON: {"type": ..., "properties": {...}}, nested items nested. */
final class Microdata {

  private Microdata() {}

  static ObjectNode item(Element scope, ObjectMapper json) {
    ObjectNode item = json.createObjectNode();
    if (scope.hasAttr("itemtype")) {
      item.put("type", scope.attr("itemtype"));
    }
    ObjectNode properties = item.putObject("properties");
    collect(scope, properties, json);
    return item;
  }

  /** Properties are the itemprop descendants not inside a nested itemscope. */
  private static void collect(Element parent, ObjectNode properties, ObjectMapper json) {
    for (Element child : parent.children()) {
      if (child.hasAttr("itemprop")) {
        JsonNode value = child.hasAttr("itemscope") ? item(child, json) : json.getNodeFactory().textNode(value(child));
        for (String name : child.attr("itemprop").trim().split("\\s+")) {
          add(properties, name, value);
        }
      }
      if (!child.hasAttr("itemscope")) {
        collect(child, properties, json);
      }
    }
  }

  private static String value(Element element) {
    return switch (element.normalName()) {
      case "meta" -> element.attr("content");
      case "a", "link", "area" -> element.absUrl("href");
      case "img", "audio", "video", "source", "embed", "iframe" -> element.absUrl("src");
      case "time" -> element.hasAttr("datetime") ? element.attr("datetime") : element.text();
      case "data", "meter" -> element.attr("value");
      default -> element.hasAttr("content") ? element.attr("content") : element.text().strip();
    };
  }

  private static void add(ObjectNode properties, String name, JsonNode value) {
    JsonNode existing = properties.get(name);
    if (existing == null) {
      properties.set(name, value);
    } else if (existing.isArray()) {
      ((ArrayNode) existing).add(value);
    } else {
      properties.putArray(name).add(existing).add(value);
    }
  }
}
