package io.beamcrawl.fetch;

import java.io.Serializable;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Keeps the crawler from being turned against the network it runs in (server-side request
 * forgery): a host is fetched only when every address it resolves to is a public one. Loopback,
 * private (RFC 1918), link-local (the cloud metadata address 169.254.169.254 among them),
 * carrier-grade NAT, multicast, unspecified, reserved and unique-local IPv6 addresses are refused.
 * Every request and every redirect hop is checked.
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
    for (String cidr : allowedNetworks) {
      if (contains(parseCidr(cidr), address.getAddress())) {
        return true;
      }
    }
    return false;
  }

  private record Cidr(byte[] network, int bits) {}

  /** "10.20.0.0/16" or "fd00::/8"; a bare address is a block of one. */
  private static Cidr parseCidr(String cidr) {
    String[] parts = cidr.strip().split("/", 2);
    try {
      if (!parts[0].matches("[0-9a-fA-F:.]+")) {
        throw new IllegalArgumentException("not an IP address");
      }
      byte[] network = InetAddress.getByName(parts[0]).getAddress();
      int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
      if (bits < 0 || bits > network.length * 8) {
        throw new IllegalArgumentException("prefix length out of range");
      }
      return new Cidr(network, bits);
    } catch (UnknownHostException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "\"" + cidr + "\" is not a CIDR block like 10.20.0.0/16 (" + e.getMessage() + ")");
    }
  }

  private static boolean contains(Cidr cidr, byte[] address) {
    if (address.length != cidr.network().length) {
      return false;
    }
    for (int bit = 0; bit < cidr.bits(); bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((address[bit / 8] & mask) != (cidr.network()[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** The kind of non-public address this is, or null for a public one. */
  static String forbiddenKind(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return "loopback";
    }
    if (address.isAnyLocalAddress()) {
      return "unspecified";
    }
    if (address.isLinkLocalAddress()) {
      return "link-local";
    }
    if (address.isSiteLocalAddress()) {
      return "private";
    }
    if (address.isMulticastAddress()) {
      return "multicast";
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if (first == 100 && second >= 64 && second < 128) {
        return "carrier-grade NAT";
      }
      if (first == 0 || first >= 240 || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
          || (first == 198 && (second == 18 || second == 19))) {
        return "reserved";
      }
    } else if (address instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return "unique-local";
      }
      if (isIpv4Embedded(b)) {
        return "IPv4-mapped";
      }
    }
    return null;
  }

  // ::ffff:a.b.c.d written as IPv6 (Java turns most such literals into IPv4 itself).
  private static boolean isIpv4Embedded(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }
}
