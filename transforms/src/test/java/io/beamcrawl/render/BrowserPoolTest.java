package io.beamcrawl.render;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import io.beamcrawl.fetch.AddressGuard;
import io.beamcrawl.fetch.FetchSettings;
import io.beamcrawl.fetch.Header;
import io.beamcrawl.model.RenderMode;
import io.beamcrawl.model.RenderRules;
import io.beamcrawl.model.ScreenshotMode;
import io.beamcrawl.testing.ScriptSite;
import io.beamcrawl.testing.TestWebServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.Test;

public class BrowserPoolTest {

  private static final FetchSettings FETCH =
      new FetchSettings("testbot/1.0", Duration.ofSeconds(2), Duration.ofSeconds(5), 5, 500_000, AddressGuard.OFF);
  private static final RenderRules ALWAYS = new RenderRules(RenderMode.ALWAYS, null, ScreenshotMode.NONE);

  private static RenderRequest shellOf(TestWebServer server, String path, RenderRules rules) {
    return new RenderRequest(server.url(path), 200,
        List.of(new Header("Content-Type", "text/html; charset=utf-8")),
        ScriptSite.shell().getBytes(StandardCharsets.UTF_8), rules);
  }

  @Test
  public void rendersWhatTheScriptWritesAndAsksForThePageOnlyOnce() throws Exception {
    try (TestWebServer server = TestWebServer.start("127.0.0.1");
        BrowserPool pool = new BrowserPool(RenderSettings.defaults(2), FETCH)) {
      ScriptSite.page(server, "/", "Home of the app", "Text only a browser sees.", "/a", "/b");
      Rendered rendered = pool.render(shellOf(server, "/", ALWAYS));
      assertThat(rendered.html(), containsString("Text only a browser sees."));
      assertThat(rendered.html(), containsString("href=\"/a\""));
      assertThat(rendered.html(), containsString("<title>Home of the app</title>"));
      // The page itself came from the crawler's response; its script and data from the server.
      assertEquals(0, server.count("/"));
      assertEquals(1, server.count("/app.js"));
      assertEquals(1, server.count("/api/index.json"));
      assertEquals(server.requestedPaths().toString(), 2, rendered.requests());
    }
  }
}
