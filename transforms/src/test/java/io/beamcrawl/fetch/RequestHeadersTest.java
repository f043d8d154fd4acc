package io.beamcrawl.fetch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.beamcrawl.testing.TestWebServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.Test;

public class RequestHeadersTest {

  private static final List<Header> OWN =
      List.of(new Header("User-Agent", "testbot/1.0"), new Header("Accept", "text/html"));

  @Test
  public void addedHeadersReplaceTheCrawlersOwnOfTheSameName() {
    RequestHeaders headers =
        RequestHeaders.of(List.of("# for the staging site", "", "accept: */*", "X-Team: data"), "")
            .forJobHosts(Set.of("staging.example.com"));
    assertEquals(
        List.of(
            new Header("User-Agent", "testbot/1.0"),
            new Header("accept", "*/*"),
            new Header("X-Team", "data")),
        headers.sent(OWN, "Staging.example.com"));
    assertEquals("no other host gets them", OWN, headers.sent(OWN, "example.com"));
  }

  @Test
  public void aLineMayNameTheHostsItIsForOrEveryHost() {
    RequestHeaders headers =
        RequestHeaders.of(
                List.of(
                    "[api.example.com, docs.example.com] Authorization: Bearer s3cret",
                    "[*] X-Team: data",
                    "X-Site: mine"),
                "")
            .forJobHosts(Set.of("www.example.com"));
    assertEquals(
        List.of(new Header("Authorization", "Bearer s3cret"), new Header("X-Team", "data")),
        headers.sent(List.of(), "docs.example.com"));
    assertEquals(
        List.of(new Header("X-Team", "data"), new Header("X-Site", "mine")),
        headers.sent(List.of(), "www.example.com"));
    assertEquals(List.of(new Header("X-Team", "data")), headers.sent(List.of(), "elsewhere.org"));
  }

  @Test
  public void headersWhoseJobHostsAreNotKnownGoNowhere() {
    RequestHeaders headers = RequestHeaders.of(List.of("Authorization: Bearer s3cret"), "");
    assertEquals(OWN, headers.sent(OWN, "example.com"));
  }

  @Test
  public void secretsAreRecordedRedactedAndCookieNamesKept() {
    RequestHeaders headers =
        RequestHeaders.of(
            List.of("Authorization: Bearer s3cret", "Cookie: sid=abc; theme=dark", "X-Api-Key: k"),
            RequestHeaders.DEFAULT_REDACTED)
            .forJobHosts(Set.of("a.test"));
    assertEquals(
        List.of(
            new Header("User-Agent", "testbot/1.0"),
            new Header("Accept", "text/html"),
            new Header("Authorization", "[redacted]"),
            new Header("Cookie", "sid=[redacted]; theme=[redacted]"),
            new Header("X-Api-Key", "[redacted]")),
        headers.recorded(headers.sent(OWN, "a.test")));
  }

  @Test
  public void anEmptyRedactionListRecordsEverything() {
    RequestHeaders headers =
        RequestHeaders.of(List.of("Authorization: Bearer s3cret"), "").forJobHosts(Set.of("a.test"));
    assertEquals(headers.sent(OWN, "a.test"), headers.recorded(headers.sent(OWN, "a.test")));
  }

  @Test
  public void badLinesAreRefusedWithTheirNumber() {
    IllegalArgumentException noColon =
        assertThrows(IllegalArgumentException.class, () -> RequestHeaders.of(List.of("# x", "Bearer"), ""));
    assertThat(noColon.getMessage(), containsString("line 2: expected 'Name: value'"));
    IllegalArgumentException restricted =
        assertThrows(IllegalArgumentException.class, () -> RequestHeaders.of(List.of("Host: a"), ""));
    assertThat(restricted.getMessage(), containsString("line 1: header 'Host' cannot be set"));
    IllegalArgumentException noHosts =
        assertThrows(IllegalArgumentException.class, () -> RequestHeaders.of(List.of("[] X: y"), ""));
    assertThat(noHosts.getMessage(), containsString("line 1: name the hosts in the brackets"));
  }

  @Test
  public void theServerGetsTheSecretAndThePageRecordsItRedacted() {
    try (TestWebServer server = TestWebServer.start("127.0.0.1")) {
      server.page("/private", "<p>members only</p>");
      FetchSettings settings =
          new FetchSettings(
              "testbot/1.0", Duration.ofSeconds(2), Duration.ofSeconds(2), 3, 1000, AddressGuard.OFF,
              RequestHeaders.of(List.of("Authorization: Bearer s3cret", "Cookie: sid=abc"),
                      RequestHeaders.DEFAULT_REDACTED)
                  .forJobHosts(Set.of("127.0.0.1")));
      FetchResult result;
      try (HttpFetcher fetcher = new HttpFetcher(settings)) {
        result = fetcher.fetch(server.url("/private"), HopCheck.ALLOW_ALL);
      }

      TestWebServer.Request request = server.requests().get(0);
      assertEquals("Bearer s3cret", request.headers().getFirst("Authorization"));
      assertEquals("sid=abc", request.headers().getFirst("Cookie"));
      assertThat(result.requestHeaders().toString(), containsString("Authorization, value=[redacted]"));
      assertThat(result.requestHeaders().toString(), containsString("Cookie, value=sid=[redacted]"));
      assertEquals(-1, result.requestHeaders().toString().indexOf("s3cret"));
    }
  }
}
