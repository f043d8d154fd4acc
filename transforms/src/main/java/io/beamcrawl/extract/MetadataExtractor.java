package io.beamcrawl.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The default extractor: a page's metadata, with no network and no model. Keys, in this order,
 * present only when found: {@code title}, {@code description}, {@code author}, {@code
 * published_date}, {@code language}, {@code canonical_url}, {@code headings} (h1–h3, in order,
 * at most {@value #MAX_HEADINGS}), {@code open_graph} (og:* properties; repeated ones become
 * arrays), {@code json_ld} (every parseable JSON-LD block) and {@code microdata} (top-level
 * itemscope items with their properties, nested items nested).
 */
public final class MetadataExtractor implements Extractor {

  static final int MAX_HEADINGS = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public ExtractionResult extract(PageContent page) {
    try {
      Document doc = Jsoup.parse(page.html() == null ? "" : page.html(), page.url() == null ? "" : page.url());
      return ExtractionResult.of(JSON.writeValueAsString(metadata(doc)));
    } catch (Exception e) {
      return ExtractionResult.failed(page.markdown(), "metadata extraction failed: " + e);
    }
  }

  private static ObjectNode metadata(Document doc) {
    ObjectNode openGraph = openGraph(doc);
    ArrayNode jsonLd = jsonLd(doc);
    ObjectNode data = JSON.createObjectNode();
    put(data, "title", first(text(openGraph.get("og:title")), doc.title(), textOf(doc.selectFirst("h1"))));
    put(data, "description", first(meta(doc, "name", "description"), text(openGraph.get("og:description"))));
    put(data, "author", first(
        meta(doc, "name", "author"), meta(doc, "property", "article:author"),
        jsonLdAuthor(jsonLd), textOf(doc.selectFirst("[rel=author]"))));
    Element time = doc.selectFirst("article time[datetime], time[datetime]");
    put(data, "published_date", first(
        meta(doc, "property", "article:published_time"), jsonLdField(jsonLd, "datePublished"),
        time == null ? null : time.attr("datetime"), meta(doc, "name", "date"),
        meta(doc, "itemprop", "datePublished")));
    Element html = doc.selectFirst("html[lang]");
    put(data, "language", html == null ? null : html.attr("lang").toLowerCase(Locale.ROOT));
    Element canonical = doc.selectFirst("link[rel~=(?i)^canonical$][href]");
    put(data, "canonical_url", canonical == null ? null : canonical.absUrl("href"));
    ArrayNode headings = JSON.createArrayNode();
    for (Element heading : doc.select("h1, h2, h3")) {
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
    for (Element item : doc.select("[itemscope]:not([itemprop])")) {
      microdata.add(Microdata.item(item, JSON));
    }
    if (!microdata.isEmpty()) {
      data.set("microdata", microdata);
    }
    return data;
  }

  private static ObjectNode openGraph(Document doc) {
    ObjectNode og = JSON.createObjectNode();
    for (Element meta : doc.select("meta[property^=og:][content]")) {
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
  private static ArrayNode jsonLd(Document doc) {
    ArrayNode blocks = JSON.createArrayNode();
    for (Element script : doc.select("script[type=application/ld+json]")) {
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

  private static String meta(Document doc, String attribute, String name) {
    Element meta = doc.selectFirst("meta[" + attribute + "=" + name + "][content]");
    return meta == null ? null : meta.attr("content");
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
