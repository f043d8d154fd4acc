package io.beamcrawl.crawl;

import io.beamcrawl.archive.WarcArchive;
import io.beamcrawl.fetch.FetchError;
import io.beamcrawl.fetch.FetchResult;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.EarlierPage;
import io.beamcrawl.model.PageLink;
import io.beamcrawl.model.RenderMode;
import io.beamcrawl.model.ScreenshotMode;
import io.beamcrawl.parse.ContentTypes;
import io.beamcrawl.parse.ParsedPage;
import io.beamcrawl.render.BrowserPool;
import io.beamcrawl.render.RenderDecision;
import io.beamcrawl.render.RenderFailure;
import io.beamcrawl.render.RenderHistory;
import io.beamcrawl.render.RenderReason;
import io.beamcrawl.render.RenderRequest;
import io.beamcrawl.render.Rendered;
import io.beamcrawl.render.ScreenshotFiles;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders in the worker's browser the pages of jobs that ask for it, and processes the browser's
 * document as {@link PageCrawler} processes a response: the same parse, main content, markdown,
 * links and extraction after it. A job that renders {@code always} has every HTML page
 * rendered; one that renders {@code auto} has the response parsed first and the page rendered
 * when {@link RenderDecision} says it needs it, and its site's {@link RenderHistory} learns
 * whether rendering matters there. Screenshots are written beside the tables and, with a WARC
 * archive, archived as resource records.
 */
final class PageRenderer {

  /** Rendered text longer than the response's by this share and more counts as new content. */
  private static final double MORE_TEXT = 1.25;
  private static final int MORE_CHARS = 100;

  private final PageCrawler pages;
  private final BrowserPool browser;
  private final ScreenshotFiles screenshots;
  private final WarcArchive archive;

  PageRenderer(PageCrawler pages, BrowserPool browser, ScreenshotFiles screenshots, WarcArchive archive) {
    this.pages = pages;
    this.browser = browser;
    this.screenshots = screenshots;
    this.archive = archive;
  }

  /**
   * The page's outcome when its job renders it, or looked at it to decide; null when the job
   * does not render or the response is not a page to render (a failure, a 304, not HTML), and
   * it is processed as it came.
   */
  PageCrawler.Outcome crawl(
      PageCrawler.Fetched fetched, CrawlJob job, EarlierPage earlier, RenderHistory history)
      throws InterruptedException {
    FetchResult fetch = fetched.fetch();
    if (!job.render().renders() || !fetch.isSuccess() || fetch.body() == null
        || !ContentTypes.isHtml(fetch.contentType(), ContentTypes.detect(fetch.body(), fetch.finalUrl()), fetch.body())) {
      return null;
    }
    if (job.render().mode() == RenderMode.ALWAYS) {
      return rendered(fetched, job, earlier, RenderReason.ALWAYS);
    }
    switch (history.advice()) {
      case RENDER:
        return rendered(fetched, job, earlier, RenderReason.SITE_NEEDS_RENDERING);
      case DO_NOT_RENDER:
        return pages.process(fetched, job, earlier)
            .withRender(new PageRender(false, RenderReason.SITE_RENDERS_CHANGE_NOTHING.columnValue(), null));
      default:
        break;
    }
    PageCrawler.Outcome looked = pages.process(fetched, job, earlier);
    ParsedPage parsed = looked.page().parsed();
    RenderReason reason =
        parsed == null
            ? RenderReason.STATIC_PAGE
            : RenderDecision.of(parsed.html(), parsed.markdown(), paths(looked.page().links()));
    if (!reason.renders()) {
      history.notRendered();
      return looked.withRender(new PageRender(false, reason.columnValue(), null));
    }
    PageCrawler.Outcome rendered = rendered(fetched, job, earlier, reason);
    if (rendered.page().isRendered()) {
      history.rendered(mattered(looked.page(), rendered.page()));
    }
    return rendered;
  }

  private PageCrawler.Outcome rendered(
      PageCrawler.Fetched fetched, CrawlJob job, EarlierPage earlier, RenderReason reason)
      throws InterruptedException {
    FetchResult fetch = fetched.fetch();
    Rendered rendered;
    try {
      rendered =
          browser.render(
              new RenderRequest(fetch.finalUrl(), fetch.statusCode(), fetch.responseHeaders(),
                  fetch.body(), job.render()));
    } catch (RenderFailure failure) {
      FetchResult failed =
          fetch.failedAfter(
              failure.isTimeout() ? FetchError.RENDER_TIMEOUT : FetchError.RENDER_ERROR,
              failure.getMessage());
      PageCrawler.Fetched unrendered =
          new PageCrawler.Fetched(fetched.entry(), failed, fetched.attempts(), fetched.warc());
      return pages.process(unrendered, job, earlier)
          .withRender(new PageRender(false, reason.columnValue(), null));
    }
    String screenshot = null;
    if (rendered.screenshot() != null && screenshots != null) {
      String url = fetched.entry().url();
      screenshot = screenshots.write(job.id(), url, rendered.screenshot());
      if (archive != null) {
        String kind = job.render().screenshot() == ScreenshotMode.FULL_PAGE ? "urn:fullPage:" : "urn:view:";
        archive.resource(kind + url, "image/png", rendered.screenshot());
      }
    }
    return pages.process(fetched, job, earlier, rendered.html().getBytes(StandardCharsets.UTF_8))
        .withRender(new PageRender(true, reason.columnValue(), screenshot));
  }

  /** The browser's document had links the response did not, or clearly more text. */
  static boolean mattered(CrawledPage looked, CrawledPage rendered) {
    Set<String> before = new HashSet<>();
    if (looked.links() != null) {
      looked.links().forEach(link -> before.add(link.url()));
    }
    if (rendered.links() != null) {
      for (PageLink link : rendered.links()) {
        if (!before.contains(link.url())) {
          return true;
        }
      }
    }
    return length(rendered.parsed()) > length(looked.parsed()) * MORE_TEXT + MORE_CHARS;
  }

  private static int length(ParsedPage parsed) {
    return parsed == null || parsed.markdown() == null ? 0 : parsed.markdown().length();
  }

  private static Set<String> paths(List<PageLink> links) {
    Set<String> paths = new HashSet<>();
    if (links != null) {
      for (PageLink link : links) {
        try {
          String path = URI.create(link.url()).getRawPath();
          paths.add(path == null || path.isEmpty() ? "/" : path);
        } catch (IllegalArgumentException e) {
          // a link the parse kept but a URI cannot hold: no path to compare
        }
      }
    }
    return paths;
  }
}
