package io.beamcrawl.fetch;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.io.Serializable;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Keeps the crawler from being turned against the network it runs in (server-side request
 * forgery): a host is fetched only when every address it resolves to is a public one. Every
 * block of IANA's special-purpose address registries that is not globally reachable is refused
 * (loopback, private, link-local with the cloud metadata address 169.254.169.254, carrier-grade
 * NAT, documentation, benchmarking, unique-local...), multicast too, and IPv6 addresses that
 * carry such an IPv4 address (mapped, compatible, NAT64, 6to4). Every request and every redirect
 * hop is checked.
 *
 * <p>The check resolves the host just before the request, and the connection takes its address
 * from the JVM's address cache, which that lookup filled. The beamcrawl command keeps cached
 * answers for the whole run ({@code networkaddress.cache.ttl=-1}, as does the bundled Flink
 * cluster), so a name that answers public first and private next (DNS rebinding) is connected to
 * the address that was checked.
 *
 * @param allowPrivateNetworks turns the guard off (tests and the demo crawl loopback sites)
 * @param allowedNetworks CIDR blocks (e.g. {@code 10.20.0.0/16}) allowed however they are classed
 */
public record AddressGuard(boolean allowPrivateNetworks, List<String> allowedNetworks)
    implements Serializable {

  public static final AddressGuard ON = new AddressGuard(false, List.of());
  public static final AddressGuard OFF = new AddressGuard(true, List.of());

  public AddressGuard {
    allowedNetworks = List.copyOf(allowedNetworks);
    allowedNetworks.forEach(AddressGuard::parseCidr); // fails early on a bad block
  }

  /** Why {@code host} may not be fetched, or null when it may (or does not resolve). */
  public String refusal(String host) {
    if (allowPrivateNetworks) {
      return null;
    }
    String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(name);
    } catch (UnknownHostException e) {
      return null; // the fetch itself reports the unknown host
    }
    for (InetAddress address : addresses) {
      if (isAllowedNetwork(address)) {
        continue;
      }
      String kind = forbiddenKind(address);
      if (kind != null) {
        return host + " resolves to " + address.getHostAddress() + ", a " + kind
            + " address (--allowPrivateNetworks allows it)";
      }
    }
    return null;
  }

  private boolean isAllowedNetwork(InetAddress address) {
    IPAddress ip = of(address);
    for (String cidr : allowedNetworks) {
      if (parseCidr(cidr).contains(ip)) {
        return true;
      }
    }
    return false;
  }

  /** "10.20.0.0/16" or "fd00::/8"; a bare address is a block of one. */
  private static IPAddress parseCidr(String cidr) {
    try {
      return new IPAddressString(cidr.strip()).toAddress().toPrefixBlock();
    } catch (AddressStringException e) {
      throw new IllegalArgumentException(
          "\"" + cidr + "\" is not a CIDR block like 10.20.0.0/16 (" + e.getMessage() + ")");
    }
  }

  /**
   * A block of an IANA special-purpose address registry, and what it is called; a null kind for
   * a globally reachable part of a block that is not.
   */
  private record Block(IPAddress range, String kind) {
    static Block of(String cidr, String kind) {
      return new Block(parseCidr(cidr), kind);
    }
  }

  /**
   * IANA's IPv4 and IPv6 Special-Purpose Address Registries, the blocks not globally reachable,
   * and multicast; the first block that holds an address names it. Blocks the registries mark
   * globally reachable (AS112, AMT, the anycast services) are let through.
   */
  private static final List<Block> SPECIAL_PURPOSE =
      List.of(
          Block.of("192.0.0.9/32", null), // Port Control Protocol anycast
          Block.of("192.0.0.10/32", null), // TURN anycast
          Block.of("2001:1::1/128", null), // Port Control Protocol anycast
          Block.of("2001:1::2/128", null), // TURN anycast
          Block.of("2001:1::3/128", null), // DNS-SD service registration anycast
          Block.of("2001:3::/32", null), // AMT
          Block.of("2001:4:112::/48", null), // AS112-v6
          Block.of("2001:20::/28", null), // ORCHIDv2
          Block.of("2001:30::/28", null), // drone remote ID
          Block.of("0.0.0.0/32", "unspecified"),
          Block.of("0.0.0.0/8", "this-network"),
          Block.of("10.0.0.0/8", "private"),
          Block.of("100.64.0.0/10", "carrier-grade NAT"),
          Block.of("127.0.0.0/8", "loopback"),
          Block.of("169.254.0.0/16", "link-local"),
          Block.of("172.16.0.0/12", "private"),
          Block.of("192.0.0.0/24", "IETF protocol assignment"),
          Block.of("192.0.2.0/24", "documentation"),
          Block.of("192.88.99.0/24", "6to4 relay anycast"),
          Block.of("192.168.0.0/16", "private"),
          Block.of("198.18.0.0/15", "benchmarking"),
          Block.of("198.51.100.0/24", "documentation"),
          Block.of("203.0.113.0/24", "documentation"),
          Block.of("224.0.0.0/4", "multicast"),
          Block.of("255.255.255.255/32", "limited broadcast"),
          Block.of("240.0.0.0/4", "reserved"),
          Block.of("::1/128", "loopback"),
          Block.of("::/128", "unspecified"),
          Block.of("100::/64", "discard-only"),
          Block.of("64:ff9b:1::/48", "local-use IPv4/IPv6 translation"),
          Block.of("2001::/23", "IETF protocol assignment"),
          Block.of("2001:db8::/32", "documentation"),
          Block.of("3fff::/20", "documentation"),
          Block.of("5f00::/16", "segment routing"),
          Block.of("fc00::/7", "unique-local"),
          Block.of("fe80::/10", "link-local"),
          Block.of("fec0::/10", "site-local"),
          Block.of("ff00::/8", "multicast"));

  /** The kind of non-public address this is, or null for a public one. */
  static String forbiddenKind(InetAddress address) {
    return forbiddenKind(of(address));
  }

  private static String forbiddenKind(IPAddress ip) {
    if (ip.isIPv6()) {
      IPv4Address embedded = embeddedIpv4(ip.toIPv6());
      if (embedded != null) {
        String kind = forbiddenKind(embedded);
        return kind == null ? null : kind + " IPv4-in-IPv6";
      }
    }
    for (Block block : SPECIAL_PURPOSE) {
      if (block.range().contains(ip)) {
        return block.kind();
      }
    }
    return null;
  }

  /**
   * The IPv4 address an IPv6 one carries, which is where its packets go: IPv4-mapped and
   * -translated, IPv4-compatible (deprecated), NAT64's well-known prefix, and 6to4; else null.
   */
  private static IPv4Address embeddedIpv4(IPv6Address v6) {
    if (v6.isIPv4Mapped() || v6.isIPv4Translatable() || v6.isWellKnownIPv4Translatable()) {
      return v6.getEmbeddedIPv4Address();
    }
    if (v6.isIPv4Compatible() && !v6.isLoopback() && !v6.isUnspecified()) {
      return v6.getEmbeddedIPv4Address();
    }
    return v6.is6To4() ? v6.get6To4IPv4Address() : null;
  }

  private static IPAddress of(InetAddress address) {
    return address instanceof Inet4Address v4 ? new IPv4Address(v4) : new IPv6Address((Inet6Address) address);
  }
}
