package io.beamcrawl.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * What a page declares about itself, as JSON: keys, in this order, present only when found:
 * {@code title}, {@code description}, {@code author}, {@code published_date}, {@code language},
 * {@code canonical_url}, {@code headings} (h1–h3, in order, at most {@value #MAX_HEADINGS}),
 * {@code open_graph} (og:* properties; repeated ones become arrays), {@code json_ld} (every
 * parseable JSON-LD block) and {@code microdata} (top-level itemscope items with their
 * properties, nested items nested). Read from the document the crawl parsed, so the page is
 * parsed once.
 */
public final class PageMetadata {

  static final int MAX_HEADINGS = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  // Selectors parsed once: Jsoup parses a query string on every call.
  private static final Evaluator AUTHOR_LINK = QueryParser.parse("[rel=author]");
  private static final Evaluator CANONICAL = QueryParser.parse("link[rel~=(?i)^canonical$][href]");
  private static final Evaluator JSON_LD = QueryParser.parse("script[type=application/ld+json]");
  private static final Evaluator OPEN_GRAPH = QueryParser.parse("meta[property^=og:][content]");
  private static final Evaluator META_DESCRIPTION = QueryParser.parse("meta[name=description][content]");
  private static final Evaluator META_AUTHOR = QueryParser.parse("meta[name=author][content]");
  private static final Evaluator META_ARTICLE_AUTHOR = QueryParser.parse("meta[property=article:author][content]");
  private static final Evaluator META_PUBLISHED = QueryParser.parse("meta[property=article:published_time][content]");
  private static final Evaluator META_DATE = QueryParser.parse("meta[name=date][content]");
  private static final Evaluator META_ITEMPROP_DATE = QueryParser.parse("meta[itemprop=datePublished][content]");

  private PageMetadata() {}

  /** The document's metadata as JSON text. */
  public static String json(Document doc) {
    try {
      return JSON.writeValueAsString(metadata(doc));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** The elements the metadata is read from, found in one walk of the page, in its order. */
  private static final class Found {
    final Elements metas = new Elements();
    final List<Element> headings = new ArrayList<>(); // h1-h3
    final List<Element> jsonLd = new ArrayList<>();
    final List<Element> topItems = new ArrayList<>(); // itemscope, and not a property of another
    Element h1;
    Element authorLink;
    Element time; // with a datetime
    Element html; // with a lang
    Element canonical;

    Found(Document doc) {
      for (Element e : doc.getAllElements()) {
        switch (e.normalName()) {
          case "meta" -> metas.add(e);
          case "h1", "h2", "h3" -> {
            headings.add(e);
            h1 = h1 == null && e.normalName().equals("h1") ? e : h1;
          }
          case "time" -> time = time == null && e.hasAttr("datetime") ? e : time;
          case "html" -> html = html == null && e.hasAttr("lang") ? e : html;
          case "link" -> canonical = canonical == null && e.is(CANONICAL) ? e : canonical;
          case "script" -> {
            if (e.is(JSON_LD)) {
              jsonLd.add(e);
            }
          }
          default -> { }
        }
        if (authorLink == null && e.hasAttr("rel") && e.is(AUTHOR_LINK)) {
          authorLink = e;
        }
        if (e.hasAttr("itemscope") && !e.hasAttr("itemprop")) {
          topItems.add(e);
        }
      }
    }
  }

  private static ObjectNode metadata(Document doc) {
    // One walk of the page: each query would walk it all.
    Found found = new Found(doc);
    Elements metas = found.metas;
    ObjectNode openGraph = openGraph(metas);
    ArrayNode jsonLd = jsonLd(found.jsonLd);
    ObjectNode data = JSON.createObjectNode();
    put(data, "title", first(text(openGraph.get("og:title")), doc.title(), textOf(found.h1)));
    put(data, "description", first(meta(metas, META_DESCRIPTION), text(openGraph.get("og:description"))));
    put(data, "author", first(
        meta(metas, META_AUTHOR), meta(metas, META_ARTICLE_AUTHOR),
        jsonLdAuthor(jsonLd), textOf(found.authorLink)));
    Element time = found.time;
    put(data, "published_date", first(
        meta(metas, META_PUBLISHED), jsonLdField(jsonLd, "datePublished"),
        time == null ? null : time.attr("datetime"), meta(metas, META_DATE),
        meta(metas, META_ITEMPROP_DATE)));
    Element html = found.html;
    put(data, "language", html == null ? null : html.attr("lang").toLowerCase(Locale.ROOT));
    Element canonical = found.canonical;
    put(data, "canonical_url", canonical == null ? null : canonical.absUrl("href"));
    ArrayNode headings = JSON.createArrayNode();
    for (Element heading : found.headings) {
      if (headings.size() == MAX_HEADINGS) {
        break;
      }
      if (!heading.text().isBlank()) {
        headings.addObject()
            .put("level", Integer.parseInt(heading.normalName().substring(1)))
            .put("text", heading.text().strip());
      }
    }
    if (!headings.isEmpty()) {
      data.set("headings", headings);
    }
    if (!openGraph.isEmpty()) {
      data.set("open_graph", openGraph);
    }
    if (!jsonLd.isEmpty()) {
      data.set("json_ld", jsonLd);
    }
    ArrayNode microdata = JSON.createArrayNode();
    for (Element item : found.topItems) {
      microdata.add(Microdata.item(item, JSON));
    }
    if (!microdata.isEmpty()) {
      data.set("microdata", microdata);
    }
    return data;
  }

  private static ObjectNode openGraph(Elements metas) {
    ObjectNode og = JSON.createObjectNode();
    for (Element meta : metas) {
      if (!meta.is(OPEN_GRAPH)) {
        continue;
      }
      String key = meta.attr("property");
      String value = meta.attr("content");
      JsonNode existing = og.get(key);
      if (existing == null) {
        og.put(key, value);
      } else if (existing.isArray()) {
        ((ArrayNode) existing).add(value);
      } else {
        og.putArray(key).add(existing.asText()).add(value);
      }
    }
    return og;
  }

  /** Every JSON-LD object; an {@code @graph} is flattened, malformed blocks are skipped. */
  private static ArrayNode jsonLd(List<Element> scripts) {
    ArrayNode blocks = JSON.createArrayNode();
    for (Element script : scripts) {
      try {
        JsonNode node = JSON.readTree(script.data());
        for (JsonNode item : node.isArray() ? node : JSON.createArrayNode().add(node)) {
          if (item.has("@graph") && item.get("@graph").isArray()) {
            item.get("@graph").forEach(blocks::add);
          } else if (item.isObject()) {
            blocks.add(item);
          }
        }
      } catch (Exception e) {
        // A malformed block says nothing; the page's other metadata still counts.
      }
    }
    return blocks;
  }

  private static String jsonLdField(ArrayNode blocks, String field) {
    for (JsonNode block : blocks) {
      if (block.hasNonNull(field) && block.get(field).isValueNode()) {
        return block.get(field).asText();
      }
    }
    return null;
  }

  private static String jsonLdAuthor(ArrayNode blocks) {
    for (JsonNode block : blocks) {
      JsonNode author = block.get("author");
      if (author != null && author.isArray() && !author.isEmpty()) {
        author = author.get(0);
      }
      if (author != null && author.isTextual()) {
        return author.asText();
      }
      if (author != null && author.hasNonNull("name")) {
        return author.get("name").asText();
      }
    }
    return null;
  }

  /** The content of the first of {@code metas} that {@code query} matches, or null. */
  private static String meta(Elements metas, Evaluator query) {
    for (Element meta : metas) {
      if (meta.is(query)) {
        return meta.attr("content");
      }
    }
    return null;
  }

  private static String text(JsonNode node) {
    if (node == null) {
      return null;
    }
    return node.isArray() ? node.get(0).asText() : node.asText();
  }

  private static String textOf(Element element) {
    return element == null ? null : element.text();
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return null;
  }

  private static void put(ObjectNode data, String key, String value) {
    if (value != null) {
      data.put(key, value);
    }
  }
}
