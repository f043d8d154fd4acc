package io.beamcrawl.render;

import io.beamcrawl.fetch.FetchSettings;
import io.beamcrawl.fetch.HttpFetcher;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker's browser: one headless Chromium, started when the first page needs it (a crawl that
 * renders nothing starts none), at most {@link RenderSettings#tabs()} pages rendered at once,
 * its tabs kept open from page to page, and stopped when the pool is closed. When the browser
 * or a tab dies mid-render, the browser is started again and the page rendered once more; a
 * page that kills it twice fails. Thread-safe: callers block until a tab is free.
 */
public final class BrowserPool implements AutoCloseable {

  /** Renders of one page: a crash gets one more try, on a new browser. */
  private static final int ATTEMPTS = 2;

  private final RenderSettings settings;
  private final FetchSettings fetch;
  private final HttpFetcher fetcher;
  private final Semaphore free;
  private final ExecutorService events;
  private final Deque<Tab> idle = new ArrayDeque<>();
  private final AtomicInteger restarts = new AtomicInteger();
  private Chromium browser;
  private boolean closed;

  public BrowserPool(RenderSettings settings, FetchSettings fetch) {
    this.settings = settings;
    this.fetch = fetch;
    this.fetcher = new HttpFetcher(fetch);
    this.free = new Semaphore(settings.tabs(), true);
    this.events =
        Executors.newCachedThreadPool(task -> {
          Thread thread = new Thread(task, "beamcrawl-browser-events");
          thread.setDaemon(true);
          return thread;
        });
  }

  /** Renders a page in a free tab, waiting for one. */
  public Rendered render(RenderRequest request) throws RenderFailure, InterruptedException {
    free.acquire();
    try {
      for (int attempt = 1; ; attempt++) {
        Tab tab = tab();
        try {
          Rendered rendered = tab.render(request);
          giveBack(tab);
          return rendered;
        } catch (Tab.Gone gone) {
          tab.close();
          if (attempt >= ATTEMPTS) {
            throw new RenderFailure(false, gone.getMessage() + " while rendering the page, twice");
          }
        } catch (RenderFailure failure) {
          giveBack(tab);
          throw failure;
        }
      }
    } finally {
      free.release();
    }
  }

  /** Times the browser was started again after it died. */
  public int restarts() {
    return restarts.get();
  }

  /** The running browser's process id, or -1 before the first render. */
  public synchronized long browserPid() {
    return browser == null ? -1 : browser.pid();
  }

  @Override
  public void close() {
    Chromium last;
    synchronized (this) {
      closed = true;
      last = browser;
      browser = null;
      idle.clear();
    }
    if (last != null) {
      last.close();
    }
    events.shutdownNow();
  }

  /** An open tab of a live browser: an idle one, or a new one (the browser started if need be). */
  private Tab tab() throws RenderFailure {
    Chromium live;
    synchronized (this) {
      if (closed) {
        throw new RenderFailure(false, "the crawl is being stopped");
      }
      if (browser != null && !browser.isAlive()) {
        browser.close();
        browser = null;
        idle.clear();
        restarts.incrementAndGet();
      }
      if (browser == null) {
        try {
          browser = Chromium.launch(settings, fetch.userAgent(), events);
        } catch (Cdp.CdpException | IllegalStateException e) {
          throw new RenderFailure(false, "cannot start the browser: " + e.getMessage());
        }
      }
      while (!idle.isEmpty()) {
        Tab tab = idle.pop();
        if (tab.isUsable()) {
          return tab;
        }
        tab.close();
      }
      live = browser;
    }
    try {
      return Tab.open(live, fetcher, settings);
    } catch (Cdp.CdpException | TimeoutException e) {
      throw new RenderFailure(false, "the browser could not open a tab: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RenderFailure(false, "interrupted while opening a tab");
    }
  }

  private void giveBack(Tab tab) {
    synchronized (this) {
      if (!closed && tab.isUsable()) {
        idle.push(tab);
        return;
      }
    }
    tab.close();
  }
}
