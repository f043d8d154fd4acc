package io.beamcrawl.extract.css;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * A declarative extraction schema: named fields, each a CSS selector and what to take from the
 * elements it matches. With a {@code base_selector} the schema is applied to every element that
 * matches it, giving a list of objects (the "forEach" of scrape APIs).
 *
 * <pre>{@code
 * {"base_selector": "article",
 *  "fields": [
 *    {"name": "title", "selector": "h2", "type": "text"},
 *    {"name": "link", "selector": "a", "type": "attribute", "attribute": "href"},
 *    {"name": "price", "selector": ".price", "type": "number"},
 *    {"name": "tags", "selector": ".tag", "type": "list"},
 *    {"name": "author", "selector": ".byline", "type": "object", "fields": [...]}]}
 * }</pre>
 *
 * @param baseSelector null for one object per page
 */
public record CssSchema(String baseSelector, List<Field> fields) implements Serializable {

  /** What a field takes from its matches. */
  public enum Type {
    /** The first match's text. */
    TEXT,
    /** The first match's attribute; href and src are made absolute. */
    ATTRIBUTE,
    /** The first match's inner HTML. */
    HTML,
    /** The first match's text as a number, ignoring currency signs and thousands separators. */
    NUMBER,
    /** Every match: its text, its attribute, or an object of the nested fields. */
    LIST,
    /** The first match as an object of the nested fields. */
    OBJECT
  }

  /**
   * @param selector null or empty for the element the field is applied to itself
   * @param attribute for ATTRIBUTE, and for a LIST of attribute values
   * @param fields for OBJECT, and for a LIST of objects
   */
  public record Field(String name, String selector, Type type, String attribute, List<Field> fields)
      implements Serializable {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> SCHEMA_KEYS = Set.of("base_selector", "fields");
  private static final Set<String> FIELD_KEYS = Set.of("name", "selector", "type", "attribute", "fields");

  public CssSchema {
    fields = List.copyOf(fields);
  }

  /**
   * Parses and checks a schema's JSON text.
   *
   * @throws IllegalArgumentException naming the bad field and what is wrong with it
   */
  public static CssSchema parse(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("schema: invalid JSON: " + e.getOriginalMessage());
    }
    return parse(node);
  }

  public static CssSchema parse(JsonNode node) {
    requireObject(node, "schema", SCHEMA_KEYS);
    String base = null;
    if (node.has("base_selector")) {
      base = selector(node.get("base_selector"), "schema.base_selector");
      if (base.isEmpty()) {
        throw new IllegalArgumentException("schema.base_selector: must not be empty");
      }
    }
    return new CssSchema(base, fields(node.get("fields"), "schema.fields"));
  }

  private static List<Field> fields(JsonNode node, String path) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new IllegalArgumentException(path + ": must be a non-empty list of fields");
    }
    List<Field> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      Field field = field(node.get(i), path + "[" + i + "]");
      if (!names.add(field.name())) {
        throw new IllegalArgumentException(
            path + "[" + i + "].name: \"" + field.name() + "\" is used twice");
      }
      fields.add(field);
    }
    return fields;
  }

  private static Field field(JsonNode node, String path) {
    requireObject(node, path, FIELD_KEYS);
    JsonNode name = node.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      throw new IllegalArgumentException(path + ".name: a non-empty text is required");
    }
    path = path + " (\"" + name.asText() + "\")";
    String selector = node.has("selector") ? selector(node.get("selector"), path + ".selector") : "";
    Type type = type(node.get("type"), path + ".type");
    String attribute = null;
    if (node.has("attribute")) {
      JsonNode value = node.get("attribute");
      if (!value.isTextual() || value.asText().isBlank()) {
        throw new IllegalArgumentException(path + ".attribute: a non-empty text is required");
      }
      attribute = value.asText();
    }
    List<Field> nested = node.has("fields") ? fields(node.get("fields"), path + ".fields") : null;
    if (type == Type.ATTRIBUTE && attribute == null) {
      throw new IllegalArgumentException(path + ": type attribute needs \"attribute\"");
    }
    if (type == Type.OBJECT && nested == null) {
      throw new IllegalArgumentException(path + ": type object needs \"fields\"");
    }
    if (attribute != null && type != Type.ATTRIBUTE && type != Type.LIST) {
      throw new IllegalArgumentException(path + ".attribute: only for types attribute and list");
    }
    if (nested != null && type != Type.OBJECT && type != Type.LIST) {
      throw new IllegalArgumentException(path + ".fields: only for types object and list");
    }
    if (attribute != null && nested != null) {
      throw new IllegalArgumentException(path + ": a list takes \"attribute\" or \"fields\", not both");
    }
    return new Field(name.asText(), selector, type, attribute, nested);
  }

  private static Type type(JsonNode node, String path) {
    if (node == null) {
      return Type.TEXT;
    }
    try {
      return Type.valueOf(node.asText().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          path + ": \"" + node.asText() + "\" is not one of text, attribute, html, number, list, object");
    }
  }

  private static String selector(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException(path + ": a CSS selector text is required");
    }
    String selector = node.asText().strip();
    if (!selector.isEmpty()) {
      try {
        QueryParser.parse(selector);
      } catch (Selector.SelectorParseException e) {
        throw new IllegalArgumentException(
            path + ": invalid CSS selector \"" + selector + "\": " + e.getMessage());
      }
    }
    return selector;
  }

  private static void requireObject(JsonNode node, String path, Set<String> keys) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(path + ": must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!keys.contains(key)) {
        throw new IllegalArgumentException(
            path + ": unknown key \"" + key + "\"; known keys: " + String.join(", ", keys.stream().sorted().toList()));
      }
    }
  }
}
