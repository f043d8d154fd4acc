package io.beamcrawl.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.testing.FakeChatServer;
import io.beamcrawl.testing.TestWebServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * X-Robots-Tag and robots meta directives, as the site's own log shows them obeyed: nofollow
 * keeps a page's links unasked, noindex pages are recorded and never reach the model, and a
 * directive for another crawler or one that only mentions "none" asks nothing.
 */
public class RobotsDirectivesCrawlTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void robotsDirectivesAreObeyedAsTheyAreMeant() throws Exception {
    try (TestSite site = new TestSite("127.0.0.23"); FakeChatServer llm = FakeChatServer.start()) {
      site.page("/", "/header-nofollow", "/meta-preview", "/header-noindex", "/meta-noindex", "/other-bot");
      taggedPage(site, "/header-nofollow", "nofollow", "/behind-nofollow");
      site.server.page("/meta-preview",
          "<html><head><meta name=\"robots\" content=\"max-image-preview:none\"></head>"
              + "<body><a href=\"/after-preview\">on</a></body></html>");
      taggedPage(site, "/header-noindex", "beamcrawl: noindex", "/after-noindex");
      site.server.page("/meta-noindex",
          "<html><head><meta name=\"Robots\" content=\"NOINDEX\"></head>"
              + "<body><p>secret words</p><a href=\"/after-meta-noindex\">on</a></body></html>");
      taggedPage(site, "/other-bot", "otherbot: noindex, nofollow", "/after-other");
      for (String path : new String[] {
          "/behind-nofollow", "/after-preview", "/after-noindex", "/after-meta-noindex", "/after-other"}) {
        site.page(path);
      }
      Path output = tmp.newFolder("out").toPath();
      Cli cli = Cli.run(site.url("/"), "--output=" + output, "--allowPrivateNetworks",
          "--transformInstruction=Summarise the page", "--llmEndpoint=" + llm.endpoint(),
          "--llmModel=test-model", "--llmApiKeyEnv=");
      assertEquals(cli.console(), 0, cli.exitCode());

      assertEquals("nofollow in the header", 0, site.server.count("/behind-nofollow"));
      assertEquals("a value of none is not none", 1, site.server.count("/after-preview"));
      assertEquals("noindex pages' links are followed", 1, site.server.count("/after-noindex"));
      assertEquals(1, site.server.count("/after-meta-noindex"));
      assertEquals("another crawler's directives", 1, site.server.count("/after-other"));

      Map<String, Boolean> noindex = new HashMap<>();
      try (ResultSet row = Lake.query(
          "SELECT url_path, robots_noindex, input_tokens, data IS NULL FROM " + Lake.table(output, "pages"))) {
        while (row.next()) {
          noindex.put(row.getString(1), row.getBoolean(2));
          if (row.getBoolean(2)) {
            assertEquals(row.getString(1), 0, row.getLong(3));
            assertTrue(row.getString(1), row.getBoolean(4));
          }
        }
      }
      assertEquals("the home page, five tagged pages, the four after them", 10, noindex.size());
      assertTrue(noindex.get("/header-noindex"));
      assertTrue(noindex.get("/meta-noindex"));
      assertEquals(2, noindex.values().stream().filter(b -> b).count());
      // Every other page went to the model; the noindex ones did not.
      assertEquals(8, llm.requests().size());
      assertFalse(llm.requests().stream().anyMatch(r -> r.body().contains("secret words")));
    }
  }

  private static void taggedPage(TestSite site, String path, String tag, String link) {
    byte[] html = ("<html><body><p>" + path + "</p><a href=\"" + link + "\">on</a></body></html>")
        .getBytes(StandardCharsets.UTF_8);
    site.server.handler(path, exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.getResponseHeaders().set("X-Robots-Tag", tag);
      TestWebServer.send(exchange, 200, html);
    });
  }
}
