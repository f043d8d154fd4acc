package io.beamcrawl.parse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.tika.Tika;
import org.junit.Test;

public class ContentTypesTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  public void theHtml5DoctypeIsKnownInAnyCaseAfterABomAndWhiteSpace() {
    assertTrue(ContentTypes.opensWithHtml5Doctype(bytes("<!DOCTYPE html><html></html>")));
    assertTrue(ContentTypes.opensWithHtml5Doctype(bytes("\uFEFF\n  <!doctype HTML >\n<p>x")));
    assertFalse(ContentTypes.opensWithHtml5Doctype(bytes("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">")));
    assertFalse(ContentTypes.opensWithHtml5Doctype(bytes("<!doctype htmlx>")));
    assertFalse(ContentTypes.opensWithHtml5Doctype(bytes("<html><body>no doctype</body></html>")));
    assertFalse(ContentTypes.opensWithHtml5Doctype(bytes("<!doctype html")));
    assertFalse(ContentTypes.opensWithHtml5Doctype(bytes("")));
  }

  /** Detection without Tika's magic must give what Tika gives, whatever the file name. */
  @Test
  public void detectionAgreesWithTikaForEveryBodyAndName() {
    Tika tika = new Tika();
    List<String> bodies =
        List.of(
            "<!DOCTYPE html>\n<html><head><title>t</title></head><body><p>x</p></body></html>",
            "\uFEFF<!doctype html><p>a page with a byte order mark</p>",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\"></html>",
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel></channel></rss>",
            "%PDF-1.4 not a page",
            "plain words");
    List<String> names =
        List.of("", "about", "page.html", "index.htm", "page.xhtml", "feed.xml", "doc.pdf",
            "app.php", "data.json", "image.png", "notes.txt");
    for (String body : bodies) {
      for (String name : names) {
        assertEquals(
            body + " named " + name,
            tika.detect(bytes(body), name.isEmpty() ? null : name),
            ContentTypes.detect(bytes(body), "http://site.test/dir/" + name));
      }
    }
  }
}
