package io.beamcrawl.pipeline.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The bundled demo site: "Northwind Field Notes", a small nature publication of about a hundred
 * interlinked pages, served on a loopback port so a first crawl needs no internet. It has what a
 * crawler meets on real sites: a robots.txt that disallows a folder linked from the home page,
 * broken links, a redirect, a CSV file, a nofollow link, a canonical link and an external link.
 */
public final class DemoSite implements AutoCloseable {

  /** The loopback address the site is served on. */
  public static final String ADDRESS = "127.0.0.1";

  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final Map<String, Response> pages;

  private record Response(int status, String type, byte[] body, String location) {}

  private DemoSite() throws IOException {
    server = HttpServer.create(new InetSocketAddress(ADDRESS, 0), 64);
    pages = build();
    server.setExecutor(pool);
    server.createContext("/", this::serve);
    server.start();
  }

  public static DemoSite start() {
    try {
      return new DemoSite();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the demo site on " + ADDRESS, e);
    }
  }

  /** http://127.0.0.1:PORT, without a trailing slash. */
  public String baseUrl() {
    return "http://" + ADDRESS + ":" + server.getAddress().getPort();
  }

  /** The paths the site answers, with their status codes (for tests and curious users). */
  public Map<String, Integer> paths() {
    Map<String, Integer> paths = new LinkedHashMap<>();
    pages.forEach((path, response) -> paths.put(path, response.status()));
    return paths;
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    Response response = pages.get(exchange.getRequestURI().getRawPath());
    if (response == null) {
      response = html(404, "Not found", "<h1>Not found</h1><p>No page here. <a href=\"/\">Home</a></p>");
    }
    if (response.location() != null) {
      exchange.getResponseHeaders().set("Location", response.location());
    }
    exchange.getResponseHeaders().set("Content-Type", response.type());
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
    }
    exchange.close();
  }

  private static Map<String, Response> build() {
    Map<String, Response> site = new LinkedHashMap<>();
    List<Section> sections = DemoContent.sections();
    StringBuilder home = new StringBuilder("<h1>Northwind Field Notes</h1>")
        .append("<p>Notes from the woods, shores and hills of the north, written on the trail.</p><h2>Sections</h2><ul>");
    for (Section section : sections) {
      home.append(String.format("<li><a href=\"/%s/\">%s</a> — %s</li>", section.slug(), section.title(), section.blurb()));
    }
    home.append("</ul><h2>Latest notes</h2><ul>");
    for (Section section : sections) {
      Article latest = section.articles().get(0);
      home.append(String.format("<li><a href=\"%s\">%s</a></li>", latest.path(), latest.title()));
    }
    home.append("</ul><h2>Elsewhere</h2><ul>")
        .append("<li><a href=\"/about\">About us</a></li>")
        .append("<li><a href=\"/downloads/checklist.csv\">Species checklist (CSV)</a></li>")
        .append("<li><a href=\"/old/trail-guide\">The old trail guide</a></li>")
        .append("<li><a href=\"/private/drafts\">Editors' drafts</a></li>")
        .append("<li><a rel=\"nofollow\" href=\"/login\">Editor login</a></li>")
        .append("<li><a href=\"https://example.org/\">Our friends at example.org</a></li></ul>");
    site.put("/", html(200, "Northwind Field Notes", home.toString()));
    site.put("/about", html(200, "About Northwind Field Notes",
        "<h1>About</h1><p>Northwind Field Notes is written by a small group of walkers and naturalists.</p>"
            + "<p>Write to us at the <a href=\"/\">home page</a>, or read the <a href=\"/fungi/\">fungi notes</a>.</p>"));

    for (Section section : sections) {
      List<Article> articles = section.articles();
      int perPage = (articles.size() + 1) / 2;
      for (int page = 1; page <= 2; page++) {
        StringBuilder index = new StringBuilder(String.format("<h1>%s</h1><p>%s</p><ul>", section.title(), section.blurb()));
        for (Article article : articles.subList((page - 1) * perPage, Math.min(articles.size(), page * perPage))) {
          index.append(String.format("<li><a href=\"%s\">%s</a></li>", article.path(), article.title()));
        }
        index.append("</ul>").append(page == 1
            ? String.format("<p><a href=\"/%s/page/2\">Older notes</a></p>", section.slug())
            : String.format("<p><a href=\"/%s/\">Newer notes</a></p>", section.slug()));
        index.append("<p><a href=\"/\">Home</a></p>");
        site.put(page == 1 ? "/" + section.slug() + "/" : "/" + section.slug() + "/page/2",
            html(200, section.title() + (page == 1 ? "" : " — page 2"), index.toString()));
      }
      for (Article article : articles) {
        site.put(article.path(), html(200, article.title(), DemoContent.articleHead(article), DemoContent.articleBody(article, sections)));
      }
    }

    site.put("/robots.txt", new Response(200, "text/plain; charset=utf-8",
        "User-agent: *\nDisallow: /private/\n".getBytes(StandardCharsets.UTF_8), null));
    site.put("/private/drafts", html(200, "Drafts", "<h1>Drafts</h1><p>Not for crawlers.</p>"));
    site.put("/old/trail-guide", new Response(301, "text/html; charset=utf-8", new byte[0],
        sections.get(3).articles().get(0).path()));
    site.put("/downloads/checklist.csv", new Response(200, "text/csv; charset=utf-8",
        DemoContent.checklist().getBytes(StandardCharsets.UTF_8), null));
    return site;
  }

  private static Response html(int status, String title, String body) {
    return html(status, title, "", body);
  }

  private static Response html(int status, String title, String head, String body) {
    String page = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
        + " | Northwind Field Notes</title>" + head + "</head><body><header><nav><a href=\"/\">Northwind Field Notes</a></nav></header><main>"
        + body + "</main><footer><p>© Northwind Field Notes</p></footer></body></html>\n";
    return new Response(status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), null);
  }

  record Section(String slug, String title, String blurb, List<Article> articles) {}

  record Article(String section, int number, String title, String subject, String author, String date) {
    String path() {
      return "/" + section + "/" + slug();
    }

    String slug() {
      return subject.toLowerCase(java.util.Locale.ROOT).replace(' ', '-').replace("'", "");
    }
  }
}
