package io.beamcrawl.extract;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamcrawl.parse.HtmlParser;
import io.beamcrawl.parse.MarkdownMode;
import io.beamcrawl.parse.ParsedPage;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class MetadataExtractorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode extract(String html) throws Exception {
    ExtractionResult result =
        new MetadataExtractor().extract(new PageContent("http://site.test/post", html, "md"));
    assertFalse(result.failed());
    assertEquals(0, result.inputTokens());
    return JSON.readTree(result.dataJson());
  }

  /** The crawl reads a page's metadata as it parses it; the extractor then parses nothing again. */
  @Test
  public void theCrawlsOwnParseGivesTheSameMetadata() throws Exception {
    String html =
        "<html lang=\"en\"><head><title>T</title><meta property=\"og:title\" content=\"OG\">"
            + "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"author\":{\"name\":\"Bo\"}}</script>"
            + "</head><body><nav><a href=\"/\">Home</a></nav><article><h1>Headline</h1>"
            + "<div itemscope itemtype=\"https://schema.org/Person\"><span itemprop=\"name\">Ann</span></div>"
            + "<p>" + "Text of the story. ".repeat(40) + "</p></article></body></html>";
    ParsedPage parsed =
        HtmlParser.parse(
            html.getBytes(StandardCharsets.UTF_8), "UTF-8", "http://site.test/post", MarkdownMode.MAIN, true);
    assertEquals(JSON.readTree(extract(html).toString()), JSON.readTree(parsed.metadataJson()));
    ExtractionResult fromCrawl =
        new MetadataExtractor()
            .extract(new PageContent("http://site.test/post", "", "md", parsed.metadataJson()));
    assertEquals(parsed.metadataJson(), fromCrawl.dataJson());
    assertEquals(
        null,
        HtmlParser.parse(html.getBytes(StandardCharsets.UTF_8), "UTF-8", "http://site.test/post", MarkdownMode.MAIN)
            .metadataJson());
  }

  @Test
  public void openGraphAndMetaTagsGiveTheBasics() throws Exception {
    JsonNode data =
        extract(
            "<html lang=\"EN\"><head><title>Page title</title>"
                + "<meta property=\"og:title\" content=\"OG title\">"
                + "<meta property=\"og:image\" content=\"http://site.test/i.png\">"
                + "<meta name=\"description\" content=\"About things\">"
                + "<meta name=\"author\" content=\"Ada\">"
                + "<meta property=\"article:published_time\" content=\"2024-05-01\">"
                + "<link rel=\"canonical\" href=\"/post\"></head>"
                + "<body><h1>One</h1><h2>Two</h2><h3> </h3></body></html>");
    assertEquals("OG title", data.get("title").asText());
    assertEquals("About things", data.get("description").asText());
    assertEquals("Ada", data.get("author").asText());
    assertEquals("2024-05-01", data.get("published_date").asText());
    assertEquals("en", data.get("language").asText());
    assertEquals("http://site.test/post", data.get("canonical_url").asText());
    assertEquals("http://site.test/i.png", data.at("/open_graph/og:image").asText());
    assertEquals(2, data.get("headings").size());
    assertEquals(2, data.at("/headings/1/level").asInt());
  }

  @Test
  public void jsonLdFillsAuthorAndDateAndIsKept() throws Exception {
    JsonNode data =
        extract(
            "<title>T</title><script type=\"application/ld+json\">"
                + "{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":\"Article\","
                + "\"author\":{\"@type\":\"Person\",\"name\":\"Grace\"},"
                + "\"datePublished\":\"2023-01-02\"}]}</script>"
                + "<script type=\"application/ld+json\">{not json</script>");
    assertEquals("Grace", data.get("author").asText());
    assertEquals("2023-01-02", data.get("published_date").asText());
    assertTrue(data.get("json_ld").isArray());
    assertEquals("Article", data.at("/json_ld/0/@type").asText());
  }

  @Test
  public void microdataItemsAreCollectedWithNestedItems() throws Exception {
    JsonNode data =
        extract(
            "<div itemscope itemtype=\"https://schema.org/Product\">"
                + "<span itemprop=\"name\">Lamp</span>"
                + "<div itemprop=\"offers\" itemscope itemtype=\"https://schema.org/Offer\">"
                + "<meta itemprop=\"price\" content=\"9.99\"></div></div>");
    JsonNode item = data.at("/microdata/0");
    assertEquals("https://schema.org/Product", item.get("type").asText());
    assertEquals("Lamp", item.at("/properties/name").asText());
    assertEquals("9.99", item.at("/properties/offers/properties/price").asText());
  }

  @Test
  public void anEmptyPageGivesAnEmptyObject() throws Exception {
    assertEquals(0, extract("").size());
  }
}
