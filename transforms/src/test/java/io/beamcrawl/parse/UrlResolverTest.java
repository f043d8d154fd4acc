package io.beamcrawl.parse;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.Test;

/** The resolver gives what Jsoup's absUrl gives, target by target, whatever the base. */
public class UrlResolverTest {

  private static final List<String> TARGETS =
      List.of("/x", "y", "../z", "./a/../b", "?q=2", "#top", "//other.test/p", "https://abs.test/p?q#f",
          "HTTP://Case.Test/P", "mailto:a@b.test", "javascript:void(0)", "  /spaced  ", "p q r",
          "/ünïcode/päth", "tel:+1", "", "/a\tb", "http://[::1]:8080/x", "http:/broken", "%zz",
          "//", "data:text/plain,hi", "../../../../up", "/./x", "/../x", "/.hidden/x", "a/./b/../c",
          "/\u0001ctl", "?", "#", "https://u:p@other.test/p", "http://other.test:80/p?q=1#f");

  private static void check(String base) {
    StringBuilder html = new StringBuilder("<body>");
    for (String target : TARGETS) {
      html.append("<a href=\"").append(target.replace("\"", "&quot;")).append("\">t</a>");
    }
    html.append("<a name=no-href>n</a><img src=\"pic.png\"></body>");
    Document doc = Jsoup.parse(html.toString(), base);
    UrlResolver resolver = new UrlResolver(doc.baseUri());
    for (Element a : doc.select("a, img")) {
      String attribute = a.nameIs("img") ? "src" : "href";
      assertEquals(base + " " + a.attr(attribute), a.absUrl(attribute), resolver.absolute(a, attribute));
    }
  }

  @Test
  public void resolvesAsAbsUrlDoes() {
    for (String base :
        List.of("https://site.test/dir/page.html?x=1#frag", "https://site.test", "http://site.test:8080/a/",
            "https://user@site.test/ä/", "not a url", "", "https://site.test/\u0001bad")) {
      check(base);
    }
  }

  @Test
  public void aBaseTagDecidesForTheWholePage() {
    Document doc =
        Jsoup.parse("<head><base href=\"https://cdn.test/root/\"></head><body><a href=\"x\">x</a></body>",
            "https://site.test/page");
    Element a = doc.selectFirst("a");
    assertEquals("https://cdn.test/root/x", new UrlResolver(doc.baseUri()).absolute(a, "href"));
  }
}
