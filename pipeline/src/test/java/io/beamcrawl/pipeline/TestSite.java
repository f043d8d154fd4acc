package io.beamcrawl.pipeline;

import io.beamcrawl.testing.TestWebServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A site for pipeline tests, served on a loopback address, whose link graph the test also knows:
 * {@link #links} gives every page's followable links, so tests can work out the exact crawl.
 */
final class TestSite implements AutoCloseable {

  final TestWebServer server;
  /** Absolute URL to the followable links on it (nofollow excluded), for every HTML page. */
  final Map<String, List<String>> links = new LinkedHashMap<>();
  /** Absolute URL to where it redirects. */
  final Map<String, String> redirects = new LinkedHashMap<>();

  TestSite(String address) {
    this.server = TestWebServer.start(address);
  }

  String url(String path) {
    return server.url(path);
  }

  /** Serves an HTML page linking to the given paths or absolute URLs. */
  TestSite page(String path, String... targets) {
    return page(path, List.of(targets), List.of());
  }

  TestSite page(String path, List<String> targets, List<String> nofollowTargets) {
    StringBuilder html =
        new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .append(path)
            .append("</title></head><body><h1>Page ")
            .append(path)
            .append("</h1><ul>");
    List<String> followable = new ArrayList<>();
    for (String target : targets) {
      html.append("<li><a href=\"").append(target).append("\">").append(target).append("</a></li>");
      followable.add(absolute(target));
    }
    for (String target : nofollowTargets) {
      html.append("<li><a rel=\"nofollow\" href=\"").append(target).append("\">x</a></li>");
    }
    html.append("</ul></body></html>");
    server.page(path, html.toString());
    links.put(url(path), followable);
    return this;
  }

  TestSite redirect(String from, String to) {
    server.redirect(from, 301, to);
    redirects.put(url(from), absolute(to));
    return this;
  }

  TestSite robots(String body) {
    server.file("/robots.txt", "text/plain", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return this;
  }

  private String absolute(String target) {
    return target.startsWith("http") ? target : url(target);
  }

  @Override
  public void close() {
    server.close();
  }
}
