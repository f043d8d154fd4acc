package io.beamcrawl.extract.css;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamcrawl.extract.ExtractionResult;
import io.beamcrawl.extract.PageContent;
import org.junit.Test;

public class CssSchemaExtractorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SHOP =
      "<html><body><h1>Lamps</h1>"
          + "<div class=\"product\" data-sku=\"L1\"><h2>Desk lamp</h2><a href=\"/p/1\">more</a>"
          + "<span class=\"price\">€1,299.50</span><span class=\"tag\">new</span><span class=\"tag\">led</span>"
          + "<div class=\"maker\"><b>Lumo</b><i>Oslo</i></div><div class=\"note\">Bright <em>and</em> warm</div></div>"
          + "<div class=\"product\" data-sku=\"L2\"><h2>Floor lamp</h2><a href=\"https://shop.test/p/2\">more</a>"
          + "<span class=\"price\">n/a</span></div>"
          + "<ul id=\"reviews\"><li><b>Ann</b> 5</li><li><b>Bo</b> 3</li></ul></body></html>";

  private static JsonNode extract(String schema) throws Exception {
    ExtractionResult result =
        new CssSchemaExtractor(CssSchema.parse(schema))
            .extract(new PageContent("http://shop.test/lamps", SHOP, "# Lamps"));
    assertFalse(result.failed());
    assertEquals(0, result.inputTokens() + result.outputTokens());
    return JSON.readTree(result.dataJson());
  }

  @Test
  public void aBaseSelectorGivesOneObjectPerItem() throws Exception {
    JsonNode items =
        extract(
            "{\"base_selector\": \".product\", \"fields\": ["
                + "{\"name\": \"sku\", \"type\": \"attribute\", \"attribute\": \"data-sku\"},"
                + "{\"name\": \"name\", \"selector\": \"h2\"},"
                + "{\"name\": \"url\", \"selector\": \"a\", \"type\": \"attribute\", \"attribute\": \"href\"},"
                + "{\"name\": \"price\", \"selector\": \".price\", \"type\": \"number\"},"
                + "{\"name\": \"tags\", \"selector\": \".tag\", \"type\": \"list\"},"
                + "{\"name\": \"note\", \"selector\": \".note\", \"type\": \"html\"},"
                + "{\"name\": \"maker\", \"selector\": \".maker\", \"type\": \"object\", \"fields\": ["
                + "  {\"name\": \"name\", \"selector\": \"b\"}, {\"name\": \"city\", \"selector\": \"i\"}]}]}");
    assertEquals(2, items.size());
    assertEquals(
        JSON.readTree(
            "{\"sku\":\"L1\",\"name\":\"Desk lamp\",\"url\":\"http://shop.test/p/1\",\"price\":1299.50,"
                + "\"tags\":[\"new\",\"led\"],\"note\":\"Bright <em>and</em> warm\","
                + "\"maker\":{\"name\":\"Lumo\",\"city\":\"Oslo\"}}"),
        items.get(0));
    assertEquals(
        JSON.readTree(
            "{\"sku\":\"L2\",\"name\":\"Floor lamp\",\"url\":\"https://shop.test/p/2\",\"price\":null,"
                + "\"tags\":[],\"note\":null,\"maker\":null}"),
        items.get(1));
  }

  @Test
  public void withoutABaseSelectorThePageIsOneObjectWithListsOfObjects() throws Exception {
    JsonNode data =
        extract(
            "{\"fields\": [{\"name\": \"heading\", \"selector\": \"h1\"},"
                + "{\"name\": \"reviews\", \"selector\": \"#reviews li\", \"type\": \"list\", \"fields\": ["
                + "  {\"name\": \"by\", \"selector\": \"b\"}, {\"name\": \"stars\", \"type\": \"number\"}]},"
                + "{\"name\": \"links\", \"selector\": \"a\", \"type\": \"list\", \"attribute\": \"href\"},"
                + "{\"name\": \"missing\", \"selector\": \"table\"}]}");
    assertEquals(
        JSON.readTree(
            "{\"heading\":\"Lamps\",\"reviews\":[{\"by\":\"Ann\",\"stars\":5},{\"by\":\"Bo\",\"stars\":3}],"
                + "\"links\":[\"http://shop.test/p/1\",\"https://shop.test/p/2\"],\"missing\":null}"),
        data);
  }

  /** A schema written for Crawl4AI's JSON CSS strategy works as it is, with its semantics. */
  @Test
  public void aCrawl4AiSchemaWorksAsItIs() throws Exception {
    JsonNode items =
        extract(
            "{\"name\": \"Products\", \"baseSelector\": \"div.product\","
                + "\"baseFields\": [{\"name\": \"sku\", \"type\": \"attribute\", \"attribute\": \"data-sku\"}],"
                + "\"fields\": ["
                + "{\"name\": \"name\", \"selector\": \"h2\", \"type\": \"text\", \"transform\": \"uppercase\"},"
                + "{\"name\": \"url\", \"selector\": \"a\", \"type\": \"attribute\", \"attribute\": \"href\"},"
                + "{\"name\": \"price\", \"selector\": \".price\", \"type\": \"regex\","
                + "  \"pattern\": \"([0-9][0-9,.]*)\", \"default\": \"unknown\"},"
                + "{\"name\": \"note\", \"selector\": \".note\", \"type\": \"html\"},"
                + "{\"name\": \"maker\", \"selector\": \".maker\", \"type\": \"nested\","
                + "  \"fields\": [{\"name\": \"name\", \"selector\": \"b\", \"type\": \"text\"}]},"
                + "{\"name\": \"tags\", \"selector\": \".tag\", \"type\": \"list\","
                + "  \"fields\": [{\"name\": \"tag\", \"type\": \"text\"}]}]}");
    assertEquals(
        JSON.readTree(
            "[{\"sku\":\"L1\",\"name\":\"DESK LAMP\",\"url\":\"/p/1\",\"price\":\"1,299.50\","
                + "\"note\":\"<div class=\\\"note\\\">Bright <em>and</em> warm</div>\","
                + "\"maker\":{\"name\":\"Lumo\"},\"tags\":[{\"tag\":\"new\"},{\"tag\":\"led\"}]},"
                // Crawl4AI leaves out what is not there, and gives a nested object that matched nothing as {}.
                + "{\"sku\":\"L2\",\"name\":\"FLOOR LAMP\",\"url\":\"https://shop.test/p/2\","
                + "\"price\":\"unknown\",\"maker\":{},\"tags\":[]}]"),
        items);
    assertEquals(
        JSON.readTree("[{\"who\":\"Ann\"},{\"who\":\"Bo\"}]"),
        extract(
            "{\"name\": \"links\", \"baseSelector\": \"ul li\","
                + " \"fields\": [{\"name\": \"who\", \"selector\": \"b\", \"type\": \"text\"}]}"));
  }

  @Test
  public void aCrawl4AiSchemaIsCheckedInItsOwnTerms() {
    assertThat(
        refusal("{\"name\": \"x\", \"baseSelector\": \"li\", \"fields\": [{\"name\": \"a\", \"type\": \"number\"}]}"),
        containsString("\"number\" is not one of text, attribute, html, regex, nested, list, nested_list"));
    assertThat(
        refusal("{\"name\": \"x\", \"baseSelector\": \"li\", \"fields\": [{\"name\": \"a\", \"type\": \"computed\","
            + " \"expression\": \"1\"}]}"),
        containsString("unknown key \"expression\""));
    assertThat(
        refusal("{\"name\": \"x\", \"baseSelector\": \"li\", \"fields\": [{\"name\": \"a\", \"type\": \"regex\"}]}"),
        containsString("type regex needs \"pattern\""));
  }

  @Test
  public void aMalformedSchemaIsRefusedNamingTheBadField() {
    assertThat(refusal("{\"fields\": []}"), containsString("schema.fields: must be a non-empty list"));
    assertThat(
        refusal("{\"fields\": [{\"name\": \"a\", \"selector\": \"div[\"}]}"),
        containsString("schema.fields[0] (\"a\").selector: invalid CSS selector \"div[\""));
    assertThat(
        refusal("{\"fields\": [{\"name\": \"a\", \"selector\": \"p\", \"type\": \"date\"}]}"),
        containsString("schema.fields[0] (\"a\").type: \"date\" is not one of"));
    assertThat(
        refusal("{\"fields\": [{\"name\": \"a\", \"selector\": \"p\", \"type\": \"object\"}]}"),
        containsString("type object needs \"fields\""));
    assertThat(
        refusal("{\"fields\": [{\"name\": \"o\", \"selector\": \"p\", \"type\": \"object\", \"fields\": "
            + "[{\"name\": \"x\", \"type\": \"attribute\"}]}]}"),
        containsString("schema.fields[0] (\"o\").fields[0] (\"x\"): type attribute needs \"attribute\""));
    assertThat(
        refusal("{\"fields\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}"),
        containsString("schema.fields[1].name: \"a\" is used twice"));
    assertThat(
        refusal("{\"fields\": [{\"name\": \"a\", \"css\": \"p\"}]}"),
        containsString("unknown key \"css\""));
    assertThat(refusal("{\"fields\": [{\"selector\": \"p\"}]}"), containsString("schema.fields[0].name"));
    assertThat(refusal("[1]"), containsString("schema: must be a JSON object"));
  }

  @Test
  public void numbersIgnoreSignsAndSeparators() {
    assertEquals("1299.50", CssSchemaExtractor.number("€1,299.50").asText());
    assertEquals("-3", CssSchemaExtractor.number("-3 °C").asText());
    assertEquals(true, CssSchemaExtractor.number("none").isNull());
  }

  private static String refusal(String schema) {
    return assertThrows(IllegalArgumentException.class, () -> CssSchema.parse(schema)).getMessage();
  }
}
