package io.beamcrawl.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beamcrawl.fetch.Header;
import io.beamcrawl.fetch.HttpFetcher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One browser tab, rendering one page at a time. Every request the page makes stops in the
 * browser (the DevTools Fetch domain) and is answered by the crawler: the page's own document
 * with the response the crawler already has, blocked resource types with an error, and every
 * other request by {@link HttpFetcher#forward}, so the address guard, the body limit and the
 * run's headers apply to scripts, XHR and redirects as to any fetch. As the crawler answers
 * every request, it knows when the page's network is idle.
 */
final class Tab {

  /** Response headers the browser must not get: the body it is given is whole and decoded. */
  private static final Set<String> NOT_FULFILLED =
      Set.of("content-encoding", "content-length", "transfer-encoding");
  private static final long POLL_MILLIS = 25;
  private static final long SELECTOR_POLL_MILLIS = 50;
  /**
   * The document's HTML without its {@code <noscript>} elements: with scripts on, the browser
   * shows none of them, and their "enable JavaScript" is no part of the page's content.
   */
  private static final String DOCUMENT_AS_SHOWN =
      "(() => { const root = document.documentElement; if (!root) return '';"
          + " const copy = root.cloneNode(true);"
          + " copy.querySelectorAll('noscript').forEach(n => n.remove());"
          + " return copy.outerHTML; })()";

  /** The browser or this tab went away mid-render: the page may be tried again elsewhere. */
  static final class Gone extends Exception {
    Gone(String message) {
      super(message);
    }
  }

  /** One page's load, from navigation until its HTML is read. */
  private final class Load {
    final RenderRequest request;
    final CompletableFuture<Void> loaded = new CompletableFuture<>();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger answered = new AtomicInteger();
    volatile long lastActivity = System.nanoTime();
    volatile boolean documentServed;
    /** The navigation's loader id, once the browser has said it. */
    volatile String navigation;
    volatile boolean over;

    Load(RenderRequest request) {
      this.request = request;
    }
  }

  private final Chromium browser;
  private final HttpFetcher fetcher;
  private final RenderSettings settings;
  final String targetId;
  private final String sessionId;
  private final CompletableFuture<String> crashed = new CompletableFuture<>();
  private volatile Load current;
  /** The last navigations whose load the browser reported, in case it came before their id. */
  private final java.util.Set<String> loadedNavigations =
      java.util.Collections.newSetFromMap(java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > 16;
            }
          }));

  private Tab(Chromium browser, HttpFetcher fetcher, RenderSettings settings, String targetId,
      String sessionId) {
    this.browser = browser;
    this.fetcher = fetcher;
    this.settings = settings;
    this.targetId = targetId;
    this.sessionId = sessionId;
  }

  static Tab open(Chromium browser, HttpFetcher fetcher, RenderSettings settings)
      throws Cdp.CdpException, TimeoutException, InterruptedException {
    Cdp cdp = browser.cdp;
    long wait = settings.timeout().toMillis();
    String targetId =
        // A window of its own: a tab behind another in one window draws no frames, and its
        // screenshot would never come.
        cdp.call(null, "Target.createTarget",
                Cdp.params().put("url", "about:blank").put("newWindow", true), wait)
            .path("targetId").asText();
    String sessionId =
        cdp.call(null, "Target.attachToTarget",
                Cdp.params().put("targetId", targetId).put("flatten", true), wait)
            .path("sessionId").asText();
    Tab tab = new Tab(browser, fetcher, settings, targetId, sessionId);
    cdp.listen(sessionId, tab::event);
    cdp.call(sessionId, "Page.enable", null, wait);
    // Lifecycle events name the navigation they belong to: a late load event of the page before
    // is not taken for this one's.
    cdp.call(sessionId, "Page.setLifecycleEventsEnabled", Cdp.params().put("enabled", true), wait);
    // The window's size holds the browser's frame too: the page's viewport is set exactly.
    cdp.call(sessionId, "Emulation.setDeviceMetricsOverride",
        Cdp.params().put("width", settings.viewportWidth()).put("height", settings.viewportHeight())
            .put("deviceScaleFactor", 1).put("mobile", false), wait);
    cdp.call(sessionId, "Inspector.enable", null, wait);
    ObjectNode fetch = Cdp.params();
    fetch.putArray("patterns").addObject().put("urlPattern", "*");
    cdp.call(sessionId, "Fetch.enable", fetch, wait);
    return tab;
  }

  boolean isUsable() {
    return !crashed.isDone() && browser.isAlive();
  }

  /**
   * Renders a page: navigates to it, waits for its load and then for its rules' condition (a
   * selector, a time, or an idle network), reads its HTML and takes the screenshot asked for.
   */
  Rendered render(RenderRequest request) throws RenderFailure, Gone, InterruptedException {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    Load load = new Load(request);
    current = load;
    try {
      browser.cdp.send(sessionId, "Page.setWebLifecycleState", Cdp.params().put("state", "active"));
      JsonNode navigated =
          call("Page.navigate", Cdp.params().put("url", request.url()), deadline, load);
      if (navigated.hasNonNull("errorText")) {
        throw new RenderFailure(false, "the browser could not open the page: " + navigated.get("errorText").asText());
      }
      load.navigation = navigated.path("loaderId").asText();
      if (loadedNavigations.contains(load.navigation)) {
        load.loaded.complete(null);
      }
      await(load.loaded, deadline, load, "its load event");
      // The network's idle time counts from the load on: what the page's scripts asked for as
      // they ran may reach the crawler after the load event does.
      load.lastActivity = Math.max(load.lastActivity, System.nanoTime());
      String selector = request.rules().waitSelector();
      long millis = request.rules().waitMillis();
      if (selector != null) {
        waitForSelector(selector, deadline, load);
      } else if (millis >= 0) {
        pause(Math.min(millis, remainingMillis(deadline)), load);
      } else {
        waitForIdleNetwork(deadline, load);
      }
      JsonNode html = evaluate(DOCUMENT_AS_SHOWN, deadline, load);
      byte[] screenshot = switch (request.rules().screenshot()) {
        case NONE -> null;
        case VIEWPORT -> screenshot(false, deadline, load);
        case FULL_PAGE -> screenshot(true, deadline, load);
      };
      return new Rendered(html.asText(), screenshot, load.answered.get());
    } finally {
      load.over = true;
      current = null;
      // The page stays until the next navigation replaces it (leaving it for about:blank cost as
      // much as rendering it), frozen so its timers stop; what it still asks for is refused.
      if (isUsable()) {
        browser.cdp.send(sessionId, "Page.setWebLifecycleState", Cdp.params().put("state", "frozen"));
      }
    }
  }

  void close() {
    browser.cdp.forget(sessionId);
    if (browser.isAlive()) {
      browser.cdp.send(null, "Target.closeTarget", Cdp.params().put("targetId", targetId));
    }
  }

  private void waitForIdleNetwork(long deadline, Load load) throws RenderFailure, Gone, InterruptedException {
    long idle = settings.idle().toNanos();
    while (true) {
      checkAlive(load);
      long now = System.nanoTime();
      if (load.open.get() == 0 && now - load.lastActivity >= idle) {
        return;
      }
      if (now >= deadline) {
        throw new RenderFailure(true, "the page's network was never idle for " + settings.idle().toMillis()
            + " ms within " + settings.timeout().toSeconds() + " s (" + load.answered.get()
            + " requests answered, " + load.open.get() + " open)");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private void waitForSelector(String selector, long deadline, Load load)
      throws RenderFailure, Gone, InterruptedException {
    String expression = "document.querySelector(" + Cdp.JSON.valueToTree(selector) + ") !== null";
    while (true) {
      if (evaluate(expression, deadline, load).asBoolean(false)) {
        return;
      }
      if (System.nanoTime() >= deadline) {
        throw new RenderFailure(true, "no element matched wait_for \"" + selector + "\" within "
            + settings.timeout().toSeconds() + " s");
      }
      pause(SELECTOR_POLL_MILLIS, load);
    }
  }

  private void pause(long millis, Load load) throws Gone, InterruptedException {
    long until = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < until) {
      checkAlive(load);
      Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
    }
  }

  private JsonNode evaluate(String expression, long deadline, Load load)
      throws RenderFailure, Gone, InterruptedException {
    JsonNode result =
        call("Runtime.evaluate",
            Cdp.params().put("expression", expression).put("returnByValue", true), deadline, load);
    if (result.has("exceptionDetails")) {
      throw new RenderFailure(false, "the page could not be read: "
          + result.path("exceptionDetails").path("exception").path("description").asText(
              result.path("exceptionDetails").path("text").asText()));
    }
    return result.path("result").path("value");
  }

  private byte[] screenshot(boolean fullPage, long deadline, Load load)
      throws RenderFailure, Gone, InterruptedException {
    ObjectNode params = Cdp.params().put("format", "png");
    if (fullPage) {
      JsonNode size = call("Page.getLayoutMetrics", null, deadline, load).path("cssContentSize");
      int width = (int) Math.ceil(size.path("width").asDouble(settings.viewportWidth()));
      int height = (int) Math.ceil(size.path("height").asDouble(settings.viewportHeight()));
      params.put("captureBeyondViewport", true);
      params.putObject("clip")
          .put("x", 0).put("y", 0)
          .put("width", Math.max(1, width))
          .put("height", Math.max(1, Math.min(height, settings.maxScreenshotHeight())))
          .put("scale", 1);
    }
    String data = call("Page.captureScreenshot", params, deadline, load).path("data").asText();
    return Base64.getDecoder().decode(data);
  }

  private JsonNode call(String method, ObjectNode params, long deadline, Load load)
      throws RenderFailure, Gone, InterruptedException {
    checkAlive(load);
    CompletableFuture<JsonNode> answer = browser.cdp.send(sessionId, method, params);
    await(answer, deadline, load, "the browser's answer to " + method);
    try {
      return answer.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (!isUsable()) {
        throw new Gone(describe());
      }
      throw new RenderFailure(false, method + " failed: " + e.getCause().getMessage());
    }
  }

  /** Waits for {@code done}, the tab's crash or the browser's end, whichever comes first. */
  private void await(CompletableFuture<?> done, long deadline, Load load, String what)
      throws RenderFailure, Gone, InterruptedException {
    CompletableFuture<Object> first =
        CompletableFuture.anyOf(done, crashed, browser.cdp.whenClosed().toCompletableFuture());
    try {
      first.get(remainingMillis(deadline), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new RenderFailure(true, "the page did not render within " + settings.timeout().toSeconds()
          + " s: no " + what + " (" + load.answered.get() + " requests answered, "
          + load.open.get() + " open)");
    } catch (java.util.concurrent.ExecutionException e) {
      // the command failed: the caller reads why
    }
    checkAlive(load);
  }

  private void checkAlive(Load load) throws Gone {
    if (!isUsable()) {
      throw new Gone(describe());
    }
  }

  private String describe() {
    return crashed.isDone()
        ? "the browser's tab crashed: " + crashed.join()
        : "the browser stopped";
  }

  private static long remainingMillis(long deadline) {
    return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
  }

  /** The tab's events, on the browser's event threads. */
  private void event(JsonNode message) {
    String method = message.path("method").asText();
    JsonNode params = message.path("params");
    switch (method) {
      case "Fetch.requestPaused" -> paused(params);
      case "Page.lifecycleEvent" -> {
        if ("load".equals(params.path("name").asText())
            && targetId.equals(params.path("frameId").asText())) {
          String navigation = params.path("loaderId").asText();
          loadedNavigations.add(navigation);
          Load load = current;
          if (load != null && navigation.equals(load.navigation)) {
            load.loaded.complete(null);
          }
        }
      }
      case "Inspector.targetCrashed" -> crashed.complete("the renderer process ended");
      default -> { }
    }
  }

  private void paused(JsonNode params) {
    String requestId = params.path("requestId").asText();
    JsonNode request = params.path("request");
    String resourceType = params.path("resourceType").asText();
    Load load = current;
    if (load == null || load.over) {
      fail(requestId, "Aborted");
      return;
    }
    // The browser asks for a page's icon by itself, as a resource of no type: an image too.
    if (settings.blocked().contains(resourceType)
        || (settings.blocked().contains("Image") && isIcon(request.path("url").asText()))) {
      fail(requestId, "BlockedByClient");
      return;
    }
    if (!load.documentServed && "Document".equals(resourceType)
        && targetId.equals(params.path("frameId").asText())) {
      load.documentServed = true;
      RenderRequest page = load.request;
      fulfill(requestId, page.status(), page.headers(), page.body());
      return;
    }
    load.open.incrementAndGet();
    load.lastActivity = System.nanoTime();
    List<Header> headers = new ArrayList<>();
    for (Map.Entry<String, JsonNode> header : iterable(request.path("headers"))) {
      headers.add(new Header(header.getKey(), header.getValue().asText()));
    }
    fetcher
        .forward(request.path("method").asText("GET"), request.path("url").asText(), headers, postData(request))
        .whenComplete((answer, failure) -> {
          if (failure == null && answer.refused()) {
            fail(requestId, "AccessDenied");
          } else if (failure != null || answer.failure() != null) {
            fail(requestId, "Failed");
          } else {
            load.answered.incrementAndGet();
            fulfill(requestId, answer.status(), answer.headers(), answer.body());
          }
          load.lastActivity = System.nanoTime();
          load.open.decrementAndGet();
        });
  }

  private void fulfill(String requestId, int status, List<Header> headers, byte[] body) {
    ObjectNode params = Cdp.params().put("requestId", requestId).put("responseCode", status);
    ArrayNode list = params.putArray("responseHeaders");
    for (Header header : headers) {
      if (!NOT_FULFILLED.contains(header.name().toLowerCase(Locale.ROOT))) {
        list.addObject().put("name", header.name()).put("value", header.value());
      }
    }
    params.put("body", Base64.getEncoder().encodeToString(body == null ? new byte[0] : body));
    browser.cdp.send(sessionId, "Fetch.fulfillRequest", params);
  }

  private void fail(String requestId, String reason) {
    browser.cdp.send(sessionId, "Fetch.failRequest",
        Cdp.params().put("requestId", requestId).put("errorReason", reason));
  }

  private static boolean isIcon(String url) {
    int query = url.indexOf('?');
    return (query < 0 ? url : url.substring(0, query)).endsWith("/favicon.ico");
  }

  private static byte[] postData(JsonNode request) {
    JsonNode entries = request.path("postDataEntries");
    if (entries.isArray() && entries.size() > 0) {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      for (JsonNode entry : entries) {
        bytes.writeBytes(Base64.getDecoder().decode(entry.path("bytes").asText("")));
      }
      return bytes.toByteArray();
    }
    return request.has("postData") ? request.get("postData").asText().getBytes(StandardCharsets.UTF_8) : null;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
    return object::fields;
  }
}
