package io.beamcrawl.fetch;

import java.io.Serializable;
import java.util.Locale;

/** A cookie a response set, with every attribute of its Set-Cookie header as given. */
public record Cookie(
    String name,
    String value,
    String domain,
    String path,
    String expires,
    Long maxAge,
    boolean secure,
    boolean httpOnly,
    String sameSite)
    implements Serializable {

  /** Parses one Set-Cookie header value; null when it has no name=value pair. */
  public static Cookie parse(String header) {
    String[] parts = header.split(";");
    int eq = parts[0].indexOf('=');
    if (eq <= 0) {
      return null;
    }
    String domain = null;
    String path = null;
    String expires = null;
    Long maxAge = null;
    boolean secure = false;
    boolean httpOnly = false;
    String sameSite = null;
    for (int i = 1; i < parts.length; i++) {
      String attribute = parts[i].trim();
      int sep = attribute.indexOf('=');
      String key = (sep < 0 ? attribute : attribute.substring(0, sep)).trim().toLowerCase(Locale.ROOT);
      String value = sep < 0 ? "" : attribute.substring(sep + 1).trim();
      switch (key) {
        case "domain" -> domain = value;
        case "path" -> path = value;
        case "expires" -> expires = value;
        case "max-age" -> maxAge = parseLong(value);
        case "secure" -> secure = true;
        case "httponly" -> httpOnly = true;
        case "samesite" -> sameSite = value;
        default -> {
          // Unknown attributes (Partitioned, Priority...) are not part of the record.
        }
      }
    }
    return new Cookie(
        parts[0].substring(0, eq).trim(), parts[0].substring(eq + 1).trim(), domain, path,
        expires, maxAge, secure, httpOnly, sameSite);
  }

  private static Long parseLong(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
