package io.beamcrawl.fetch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.testing.TestWebServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
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

  /** A load that throws fails its caller, and every later caller at once instead of hanging. */
  @Test(timeout = 10_000)
  public void aLoadThatThrowsFailsEveryCallerAndNoneWaitsForever() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    RobotsCache failing =
        new RobotsCache(
            url -> {
              loads.incrementAndGet();
              throw new IllegalStateException("robots.txt parser bug");
            },
            "testbot");
    String url = server.url("/page");
    IllegalStateException first = assertThrows(IllegalStateException.class, () -> failing.isAllowed(url));
    assertThat(first.getMessage(), containsString("parser bug"));
    CompletionException later =
        assertThrows(CompletionException.class, () -> failing.isAllowed(url));
    assertThat(later.getCause().getMessage(), containsString("parser bug"));
    assertEquals("one load per origin, failed or not", 1, loads.get());
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
