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
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * A declarative extraction schema: named fields, each a CSS selector and what to take from the
 * elements it matches. With a {@code base_selector} the schema is applied to every element that
 * matches it, giving a list of objects (the "forEach" of scrape APIs). A schema written for
 * Crawl4AI's JSON CSS strategy ({@code name}, {@code baseSelector}, {@code baseFields}, {@code
 * fields} of types {@code text}, {@code attribute}, {@code html}, {@code regex}, {@code nested},
 * {@code list}, {@code nested_list}) is read as it is and extracts as Crawl4AI does ({@link
 * Dialect#CRAWL4AI}).
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
 * @param dialect whose rules the schema was written to
 */
public record CssSchema(String baseSelector, List<Field> fields, Dialect dialect)
    implements Serializable {

  /** Whose rules a schema follows where the two shapes differ. */
  public enum Dialect {
    /**
     * beamcrawl's own: every field is in its object (null when nothing matched), {@code html} is
     * the inner HTML, {@code href} and {@code src} are made absolute.
     */
    BEAMCRAWL,
    /**
     * Crawl4AI's: a field with no value is left out of its object, and an item with no field at
     * all out of the list; {@code html} is the outer HTML; attributes are as written; a nested
     * object that matched nothing is {@code {}}.
     */
    CRAWL4AI
  }

  /** What to do to a text value once taken. */
  public enum Transform {
    LOWERCASE,
    UPPERCASE,
    STRIP
  }

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
    /** The first group of {@code pattern} (the whole match without groups) in the first match's text. */
    REGEX,
    /** Every match: its text, its attribute, or an object of the nested fields. */
    LIST,
    /** The first match as an object of the nested fields. */
    OBJECT
  }

  /**
   * @param selector null or empty for the element the field is applied to itself
   * @param attribute for ATTRIBUTE, and for a LIST of attribute values
   * @param fields for OBJECT, and for a LIST of objects
   * @param pattern for REGEX
   * @param defaultValue the JSON text of the value when nothing is found; null for null
   * @param transform applied to a text value; null for none
   */
  public record Field(
      String name,
      String selector,
      Type type,
      String attribute,
      List<Field> fields,
      Pattern pattern,
      String defaultValue,
      Transform transform)
      implements Serializable {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> SCHEMA_KEYS = Set.of("base_selector", "fields");
  private static final Set<String> CRAWL4AI_KEYS = Set.of("name", "baseSelector", "baseFields", "fields");
  private static final Set<String> FIELD_KEYS =
      Set.of("name", "selector", "type", "attribute", "fields", "pattern", "default", "transform");

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
    if (node != null && (node.has("baseSelector") || node.has("baseFields"))) {
      return parseCrawl4Ai(node);
    }
    requireObject(node, "schema", SCHEMA_KEYS);
    String base = null;
    if (node.has("base_selector")) {
      base = selector(node.get("base_selector"), "schema.base_selector");
      if (base.isEmpty()) {
        throw new IllegalArgumentException("schema.base_selector: must not be empty");
      }
    }
    return new CssSchema(base, fields(node.get("fields"), "schema.fields", Dialect.BEAMCRAWL), Dialect.BEAMCRAWL);
  }

  /** Crawl4AI's shape: {@code baseFields} are fields of the base element itself, taken first. */
  private static CssSchema parseCrawl4Ai(JsonNode node) {
    requireObject(node, "schema", CRAWL4AI_KEYS);
    String base = node.has("baseSelector") ? selector(node.get("baseSelector"), "schema.baseSelector") : "";
    if (base.isEmpty()) {
      throw new IllegalArgumentException("schema.baseSelector: a CSS selector is required");
    }
    List<Field> all = new ArrayList<>();
    if (node.has("baseFields")) {
      all.addAll(fields(node.get("baseFields"), "schema.baseFields", Dialect.CRAWL4AI));
    }
    all.addAll(fields(node.get("fields"), "schema.fields", Dialect.CRAWL4AI));
    Set<String> names = new HashSet<>();
    for (Field field : all) {
      if (!names.add(field.name())) {
        throw new IllegalArgumentException("schema: field \"" + field.name() + "\" is named twice");
      }
    }
    return new CssSchema(base, all, Dialect.CRAWL4AI);
  }

  private static List<Field> fields(JsonNode node, String path, Dialect dialect) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new IllegalArgumentException(path + ": must be a non-empty list of fields");
    }
    List<Field> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      Field field = field(node.get(i), path + "[" + i + "]", dialect);
      if (!names.add(field.name())) {
        throw new IllegalArgumentException(
            path + "[" + i + "].name: \"" + field.name() + "\" is used twice");
      }
      fields.add(field);
    }
    return fields;
  }

  private static Field field(JsonNode node, String path, Dialect dialect) {
    requireObject(node, path, FIELD_KEYS);
    JsonNode name = node.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      throw new IllegalArgumentException(path + ".name: a non-empty text is required");
    }
    path = path + " (\"" + name.asText() + "\")";
    String selector = node.has("selector") ? selector(node.get("selector"), path + ".selector") : "";
    Type type = type(node.get("type"), path + ".type", dialect);
    String attribute = node.has("attribute") ? text(node.get("attribute"), path + ".attribute") : null;
    List<Field> nested = node.has("fields") ? fields(node.get("fields"), path + ".fields", dialect) : null;
    Pattern pattern = node.has("pattern") ? pattern(node.get("pattern"), path + ".pattern") : null;
    String defaultValue = node.has("default") ? node.get("default").toString() : null;
    Transform transform = node.has("transform") ? transform(node.get("transform"), path + ".transform") : null;
    if (type == Type.ATTRIBUTE && attribute == null) {
      throw new IllegalArgumentException(path + ": type attribute needs \"attribute\"");
    }
    if (type == Type.OBJECT && nested == null) {
      throw new IllegalArgumentException(path + ": type " + (dialect == Dialect.CRAWL4AI ? "nested" : "object") + " needs \"fields\"");
    }
    if (type == Type.REGEX && pattern == null) {
      throw new IllegalArgumentException(path + ": type regex needs \"pattern\"");
    }
    if (pattern != null && type != Type.REGEX) {
      throw new IllegalArgumentException(path + ".pattern: only for type regex");
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
    if (dialect == Dialect.CRAWL4AI && type == Type.LIST && nested == null) {
      throw new IllegalArgumentException(path + ": a list needs \"fields\", one object per match");
    }
    return new Field(name.asText(), selector, type, attribute, nested, pattern, defaultValue, transform);
  }

  private static Type type(JsonNode node, String path, Dialect dialect) {
    if (node == null) {
      return Type.TEXT;
    }
    String name = node.asText().toLowerCase(Locale.ROOT);
    if (dialect == Dialect.CRAWL4AI) {
      return switch (name) {
        case "text" -> Type.TEXT;
        case "attribute" -> Type.ATTRIBUTE;
        case "html" -> Type.HTML;
        case "regex" -> Type.REGEX;
        case "nested" -> Type.OBJECT;
        case "list", "nested_list" -> Type.LIST;
        case "computed" -> throw new IllegalArgumentException(
            path + ": computed fields (Python expressions) are not supported");
        default -> throw new IllegalArgumentException(
            path + ": \"" + node.asText() + "\" is not one of text, attribute, html, regex, nested, list, nested_list");
      };
    }
    try {
      return Type.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          path + ": \"" + node.asText() + "\" is not one of text, attribute, html, number, regex, list, object");
    }
  }

  private static String text(JsonNode node, String path) {
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new IllegalArgumentException(path + ": a non-empty text is required");
    }
    return node.asText();
  }

  private static Pattern pattern(JsonNode node, String path) {
    try {
      return Pattern.compile(text(node, path));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(path + ": invalid regular expression: " + e.getDescription());
    }
  }

  private static Transform transform(JsonNode node, String path) {
    try {
      return Transform.valueOf(node.asText().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          path + ": \"" + node.asText() + "\" is not one of lowercase, uppercase, strip");
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
