package io.beamcrawl.fetch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.testing.TestWebServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.After;
import org.junit.Test;

public class RobotsCacheTest {

  private final TestWebServer server = TestWebServer.start("127.0.0.1");
  private final RobotsCache robots =
      new RobotsCache(
          new HttpFetcher(new FetchSettings("testbot/1.0", Duration.ofSeconds(2), Duration.ofSeconds(2), 5, 500_000, AddressGuard.OFF)),
          "testbot");

  @After
  public void stop() {
    server.close();
  }

  private void robotsTxt(String body) {
    server.file("/robots.txt", "text/plain", body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  public void appliesTheRulesForOurNameAndTheCrawlDelay() {
    robotsTxt("User-agent: *\nDisallow: /\n\nUser-agent: testbot\nDisallow: /private/\nCrawl-delay: 2\n");
    assertTrue(robots.isAllowed(server.url("/public")));
    assertFalse(robots.isAllowed(server.url("/private/x")));
    assertEquals(2000, robots.crawlDelayMillis(server.url("/")));
  }

  @Test
  public void isFetchedOncePerOrigin() {
    robotsTxt("User-agent: *\nDisallow: /no\n");
    for (int i = 0; i < 20; i++) {
      robots.isAllowed(server.url("/page" + i));
    }
    assertEquals(1, server.count("/robots.txt"));
    assertEquals(0, robots.crawlDelayMillis(server.url("/")));
  }

  @Test
  public void aMissingRobotsTxtAllowsEverything() {
    assertTrue(robots.isAllowed(server.url("/anything")));
  }

  @Test
  public void aServerErrorDisallowsEverything() {
    server.status("/robots.txt", 503);
    assertFalse(robots.isAllowed(server.url("/anything")));
  }

  @Test
  public void anUnreachableHostDisallowsEverything() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertFalse(robots.isAllowed("http://127.0.0.1:" + port + "/"));
  }

  @Test
  public void garbageIsParsedWithoutFailing() {
    server.file("/robots.txt", "text/plain", new byte[] {0, 1, 2, (byte) 0xff, '\n', 'x'});
    assertTrue(robots.isAllowed(server.url("/page")));
  }
}
