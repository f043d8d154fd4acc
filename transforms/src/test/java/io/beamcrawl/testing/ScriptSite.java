package io.beamcrawl.testing;

import java.nio.charset.StandardCharsets;

/**
 * Pages built by script, as a single-page app builds them: the HTML is an empty root and a
 * script, which asks the server for the page's content as JSON and writes it, links included.
 * Without a browser such a page has no text and no links.
 */
public final class ScriptSite {

  /** Fetches /api{path}.json and writes its title, paragraphs and links into #root. */
  public static final String APP_JS =
      "fetch('/api' + (location.pathname === '/' ? '/index' : location.pathname) + '.json')"
          + ".then(r => r.json()).then(p => {"
          + " document.title = p.title;"
          + " const root = document.getElementById('root');"
          + " const h = document.createElement('h1'); h.textContent = p.title; root.appendChild(h);"
          + " for (const t of p.text) { const e = document.createElement('p'); e.textContent = t; root.appendChild(e); }"
          + " const nav = document.createElement('ul');"
          + " for (const l of p.links) { const li = document.createElement('li'); const a = document.createElement('a');"
          + "   a.href = l; a.textContent = 'Read ' + l; li.appendChild(a); nav.appendChild(li); }"
          + " root.appendChild(nav);"
          + "});";

  private ScriptSite() {}

  /** The page's HTML as the server sends it: an empty app root and the script. */
  public static String shell() {
    return "<!doctype html><html><head><title>Loading</title></head><body>"
        + "<noscript>You need to enable JavaScript to run this app.</noscript>"
        + "<div id=\"root\"></div><script src=\"/app.js\"></script></body></html>";
  }

  /** Serves a script-built page at {@code path} with this title, text and links. */
  public static void page(TestWebServer server, String path, String title, String text, String... links) {
    StringBuilder json = new StringBuilder("{\"title\":\"").append(title).append("\",\"text\":[\"")
        .append(text).append("\"],\"links\":[");
    for (int i = 0; i < links.length; i++) {
      json.append(i == 0 ? "" : ",").append('"').append(links[i]).append('"');
    }
    json.append("]}");
    server.page(path, shell());
    String api = "/api" + (path.equals("/") ? "/index" : path) + ".json";
    server.file(api, "application/json", json.toString().getBytes(StandardCharsets.UTF_8));
    server.file("/app.js", "text/javascript", APP_JS.getBytes(StandardCharsets.UTF_8));
  }
}
