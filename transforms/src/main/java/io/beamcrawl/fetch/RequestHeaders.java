package io.beamcrawl.fetch;

import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The headers a user adds to every request (a login cookie, an API key), and which header values
 * are secrets: those are sent as given but recorded on the page as {@value #REDACTED}, so a
 * session or key never reaches the Parquet files.
 *
 * @param added headers sent with every request, after (and replacing) the crawler's own
 * @param redactedNames lower-case names of the headers whose values are not recorded
 */
public record RequestHeaders(List<Header> added, Set<String> redactedNames) implements Serializable {

  /** Header names redacted unless the user says otherwise. */
  public static final String DEFAULT_REDACTED = "Authorization,Proxy-Authorization,Cookie,X-Api-Key";

  public static final String REDACTED = "[redacted]";

  /** No added headers, the default secrets redacted. */
  public static final RequestHeaders NONE = of(List.of(), DEFAULT_REDACTED);

  public RequestHeaders {
    added = List.copyOf(added);
    redactedNames = Set.copyOf(redactedNames);
  }

  /**
   * Reads {@code Name: value} lines ('#' comments and blank lines allowed) and a comma-separated
   * list of header names to redact.
   *
   * @throws IllegalArgumentException naming the first bad line and why
   */
  public static RequestHeaders of(List<String> lines, String redacted) {
    List<Header> added = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("line " + (i + 1) + ": expected 'Name: value'");
      }
      Header header = new Header(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      try {
        // java.net.http refuses some headers (Host, Connection, Content-Length...) and bad names.
        HttpRequest.newBuilder(URI.create("http://example.com/")).header(header.name(), header.value());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": header '" + header.name() + "' cannot be set: " + e.getMessage());
      }
      added.add(header);
    }
    Set<String> names =
        List.of(redacted.split(",")).stream()
            .map(name -> name.strip().toLowerCase(Locale.ROOT))
            .filter(name -> !name.isEmpty())
            .collect(Collectors.toSet());
    return new RequestHeaders(added, names);
  }

  /** The crawler's own headers with the added ones in place of any of the same name. */
  public List<Header> sent(List<Header> own) {
    List<Header> all = new ArrayList<>();
    for (Header header : own) {
      if (added.stream().noneMatch(a -> a.name().equalsIgnoreCase(header.name()))) {
        all.add(header);
      }
    }
    all.addAll(added);
    return List.copyOf(all);
  }

  /** Headers as recorded on a page: secret values replaced, cookie names kept. */
  public List<Header> recorded(List<Header> sent) {
    return sent.stream().map(this::recorded).toList();
  }

  private Header recorded(Header header) {
    String name = header.name().toLowerCase(Locale.ROOT);
    if (!redactedNames.contains(name)) {
      return header;
    }
    if (name.equals("cookie")) {
      String cookies =
          List.of(header.value().split(";")).stream()
              .map(pair -> pair.strip().split("=", 2)[0] + "=" + REDACTED)
              .collect(Collectors.joining("; "));
      return new Header(header.name(), cookies);
    }
    return new Header(header.name(), REDACTED);
  }
}
