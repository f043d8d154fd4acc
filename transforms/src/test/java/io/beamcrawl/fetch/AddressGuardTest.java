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

  /**
   * One address of every block of IANA's IPv4 and IPv6 special-purpose address registries that
   * is not globally reachable, and of every IPv6 form that embeds an IPv4 address.
   */
  @Test
  public void everySpecialPurposeBlockIsRefused() throws Exception {
    String[][] blocks = {
      {"0.1.2.3", "this-network"}, // 0.0.0.0/8
      {"10.9.8.7", "private"}, // 10.0.0.0/8
      {"100.127.255.254", "carrier-grade NAT"}, // 100.64.0.0/10
      {"127.255.0.1", "loopback"}, // 127.0.0.0/8
      {"169.254.0.9", "link-local"}, // 169.254.0.0/16
      {"172.31.255.1", "private"}, // 172.16.0.0/12
      {"192.0.0.170", "IETF protocol assignment"}, // 192.0.0.0/24
      {"192.0.2.10", "documentation"}, // 192.0.2.0/24 TEST-NET-1
      {"192.88.99.1", "6to4 relay anycast"}, // 192.88.99.0/24, deprecated
      {"192.168.0.1", "private"}, // 192.168.0.0/16
      {"198.19.0.1", "benchmarking"}, // 198.18.0.0/15
      {"198.51.100.7", "documentation"}, // 198.51.100.0/24 TEST-NET-2
      {"203.0.113.200", "documentation"}, // 203.0.113.0/24 TEST-NET-3
      {"239.1.2.3", "multicast"}, // 224.0.0.0/4
      {"250.0.0.1", "reserved"}, // 240.0.0.0/4
      {"255.255.255.255", "limited broadcast"}, // 255.255.255.255/32
      {"::1", "loopback"}, // ::1/128
      {"::", "unspecified"}, // ::/128
      {"100::1", "discard-only"}, // 100::/64
      {"64:ff9b:1::a00:1", "local-use IPv4/IPv6 translation"}, // 64:ff9b:1::/48
      {"2001:2::1", "IETF protocol assignment"}, // 2001::/23 (benchmarking 2001:2::/48)
      {"2001::1", "IETF protocol assignment"}, // Teredo 2001::/32, inside 2001::/23
      {"2001:db8::1", "documentation"}, // 2001:db8::/32
      {"3fff::1", "documentation"}, // 3fff::/20
      {"5f00::1", "segment routing"}, // 5f00::/16
      {"fc00::1", "unique-local"}, // fc00::/7
      {"fdff::1", "unique-local"},
      {"fe80::1", "link-local"}, // fe80::/10
      {"febf::1", "link-local"},
      {"fec0::1", "site-local"}, // fec0::/10, deprecated
      {"ff02::1", "multicast"}, // ff00::/8
    };
    for (String[] block : blocks) {
      assertEquals(block[0], block[1], kind(block[0]));
    }
  }

  /** IPv6 forms that carry a private IPv4 address are refused as that address. */
  @Test
  public void ipv6FormsEmbeddingANonPublicIpv4AddressAreRefused() throws Exception {
    assertThat(kind("::ffff:10.0.0.1"), containsString("private")); // IPv4-mapped
    assertThat(kind("::ffff:0:10.0.0.1"), containsString("private")); // IPv4-translated (SIIT)
    assertThat(kind("::10.0.0.1"), containsString("private")); // IPv4-compatible, deprecated
    assertThat(kind("::127.0.0.1"), containsString("loopback"));
    assertThat(kind("64:ff9b::10.0.0.1"), containsString("private")); // NAT64 well-known prefix
    assertThat(kind("64:ff9b::169.254.169.254"), containsString("link-local"));
    assertThat(kind("2002:a00:1::1"), containsString("private")); // 6to4 of 10.0.0.1
    assertThat(kind("2002:7f00:1::"), containsString("loopback")); // 6to4 of 127.0.0.1
    // The same forms around a public address are public.
    assertNull(kind("64:ff9b::8.8.8.8"));
    assertNull(kind("2002:808:808::1"));
  }

  @Test
  public void publicAddressesPass() throws Exception {
    assertNull(kind("93.184.216.34"));
    assertNull(kind("8.8.8.8"));
    assertNull(kind("100.128.0.1"));
    assertNull(kind("2606:4700::1111"));
    assertNull(kind("192.31.196.1")); // AS112, globally reachable
    assertNull(kind("192.0.0.9")); // Port Control Protocol anycast, globally reachable
    assertNull(kind("2001:4860:4860::8888"));
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
      assertEquals(FetchError.FORBIDDEN_ADDRESS, result.errorType());
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
      assertEquals(FetchError.REDIRECT_FORBIDDEN_ADDRESS, result.errorType());
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
