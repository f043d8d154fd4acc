package io.beamcrawl.fetch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import io.beamcrawl.testing.TestWebServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.Test;

public class AddressGuardTest {

  private static String kind(String literal) throws Exception {
    return AddressGuard.forbiddenKind(InetAddress.getByName(literal));
  }

  @Test
  public void nonPublicAddressesAreNamed() throws Exception {
    assertEquals("loopback", kind("127.0.0.1"));
    assertEquals("loopback", kind("127.3.4.5"));
    assertEquals("loopback", kind("::1"));
    assertEquals("private", kind("10.1.2.3"));
    assertEquals("private", kind("172.16.0.1"));
    assertEquals("private", kind("192.168.1.1"));
    assertEquals("link-local", kind("169.254.169.254"));
    assertEquals("link-local", kind("fe80::1"));
    assertEquals("carrier-grade NAT", kind("100.64.0.1"));
    assertEquals("multicast", kind("224.0.0.1"));
    assertEquals("unspecified", kind("0.0.0.0"));
    assertEquals("unique-local", kind("fd12:3456::1"));
    assertEquals("loopback", kind("::ffff:127.0.0.1"));
    assertEquals("reserved", kind("240.0.0.1"));
  }

  @Test
  public void publicAddressesPass() throws Exception {
    assertNull(kind("93.184.216.34"));
    assertNull(kind("8.8.8.8"));
    assertNull(kind("100.128.0.1"));
    assertNull(kind("2606:4700::1111"));
    assertNull(AddressGuard.ON.refusal("93.184.216.34"));
    assertNull(AddressGuard.OFF.refusal("127.0.0.1"));
  }

  @Test
  public void aGuardedFetcherNeverConnectsToALoopbackSite() {
    try (TestWebServer server = TestWebServer.start("127.0.0.1")) {
      server.page("/", "<title>internal</title>");
      HttpFetcher fetcher =
          new HttpFetcher(
              new FetchSettings(
                  "testbot/1.0", Duration.ofSeconds(2), Duration.ofSeconds(2), 3, 1000, AddressGuard.ON));
      FetchResult result = fetcher.fetch(server.url("/"), HopCheck.ALLOW_ALL);
      assertEquals("forbidden_address", result.errorType());
      assertThat(result.errorMessage(), containsString("127.0.0.1, a loopback address"));
      assertThat(result.errorMessage(), containsString("--allowPrivateNetworks"));
      assertEquals(0, server.requests().size());
      // robots.txt is not fetched either, and does not hide the reason behind a robots refusal.
      assertEquals(true, new RobotsCache(fetcher, "testbot").isAllowed(server.url("/x")));
      assertEquals(0, server.requests().size());
    }
  }

  @Test
  public void allowedNetworksPassAndARedirectHopOutsideThemIsNeverFollowed() {
    AddressGuard guard = new AddressGuard(false, List.of("127.0.0.2/32"));
    assertNull(guard.refusal("127.0.0.2"));
    assertThat(guard.refusal("127.0.0.3"), containsString("a loopback address"));
    try (TestWebServer allowed = TestWebServer.start("127.0.0.2");
        TestWebServer internal = TestWebServer.start("127.0.0.3")) {
      internal.page("/secret", "<title>secret</title>");
      allowed.redirect("/jump", 302, internal.url("/secret"));
      HttpFetcher fetcher =
          new HttpFetcher(
              new FetchSettings("testbot/1.0", Duration.ofSeconds(2), Duration.ofSeconds(2), 3, 1000, guard));
      FetchResult result = fetcher.fetch(allowed.url("/jump"), HopCheck.ALLOW_ALL);
      assertEquals("redirect_forbidden_address", result.errorType());
      assertEquals(1, allowed.requests().size());
      assertEquals(0, internal.requests().size());
    }
  }

  @Test
  public void aBadBlockIsRefusedSayingWhatIsExpected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new AddressGuard(false, List.of("10.0.0.0/40")));
    assertThat(e.getMessage(), containsString("\"10.0.0.0/40\" is not a CIDR block like 10.20.0.0/16"));
    assertThrows(IllegalArgumentException.class, () -> new AddressGuard(false, List.of("intranet")));
    assertNull(new AddressGuard(false, List.of("fd00::/8")).refusal("fd12::1"));
  }
}
