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
 * The headers a user adds to requests (a login cookie, an API key), the hosts each is for, and
 * which header values are secrets: those are sent as given but recorded on the page as {@value
 * #REDACTED}, so a session or key never reaches the Parquet files.
 *
 * <p>A header goes only to the hosts it is for: those its line names ({@code [docs.example.com
 * api.example.com] Name: value}, or {@code [*]} for every host), else the hosts of the jobs' own
 * base URLs ({@link #forJobHosts}), so a secret for one site is not sent to every site a crawl
 * meets.
 *
 * @param added headers sent after (and replacing) the crawler's own, on the hosts they are for
 * @param redactedNames lower-case names of the headers whose values are not recorded
 */
public record RequestHeaders(List<Added> added, Set<String> redactedNames) implements Serializable {

  /**
   * A header and the lower-case hosts it is sent to: {@code *} for every host; null for the hosts
   * of the jobs' base URLs, until {@link #forJobHosts} names them.
   */
  public record Added(Header header, Set<String> hosts) implements Serializable {

    boolean isFor(String host) {
      return hosts != null
          && (hosts.contains(EVERY_HOST) || hosts.contains(host.toLowerCase(Locale.ROOT)));
    }
  }

  private static final String EVERY_HOST = "*";

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
   * Reads {@code Name: value} lines, each optionally after the hosts it is for in brackets ('#'
   * comments and blank lines allowed), and a comma-separated list of header names to redact.
   *
   * @throws IllegalArgumentException naming the first bad line and why
   */
  public static RequestHeaders of(List<String> lines, String redacted) {
    List<Added> added = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Set<String> hosts = null;
      if (line.startsWith("[")) {
        int end = line.indexOf(']');
        if (end < 0) {
          throw new IllegalArgumentException("line " + (i + 1) + ": expected '[host ...] Name: value'");
        }
        hosts =
            List.of(line.substring(1, end).split("[\\s,]+")).stream()
                .filter(host -> !host.isEmpty())
                .map(host -> host.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        if (hosts.isEmpty()) {
          throw new IllegalArgumentException(
              "line " + (i + 1) + ": name the hosts in the brackets, or * for every host");
        }
        line = line.substring(end + 1).strip();
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
      added.add(new Added(header, hosts));
    }
    Set<String> names =
        List.of(redacted.split(",")).stream()
            .map(name -> name.strip().toLowerCase(Locale.ROOT))
            .filter(name -> !name.isEmpty())
            .collect(Collectors.toSet());
    return new RequestHeaders(added, names);
  }

  /** The same headers, those whose line named no hosts sent to {@code jobHosts}. */
  public RequestHeaders forJobHosts(Set<String> jobHosts) {
    Set<String> hosts =
        jobHosts.stream().map(host -> host.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    List<Added> scoped = new ArrayList<>();
    for (Added header : added) {
      scoped.add(header.hosts() == null ? new Added(header.header(), hosts) : header);
    }
    return new RequestHeaders(scoped, redactedNames);
  }

  /** The crawler's own headers, with the added ones for {@code host} in place of any of the same name. */
  public List<Header> sent(List<Header> own, String host) {
    List<Header> mine = added.stream().filter(a -> a.isFor(host)).map(Added::header).toList();
    List<Header> all = new ArrayList<>();
    for (Header header : own) {
      if (mine.stream().noneMatch(a -> a.name().equalsIgnoreCase(header.name()))) {
        all.add(header);
      }
    }
    all.addAll(mine);
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
