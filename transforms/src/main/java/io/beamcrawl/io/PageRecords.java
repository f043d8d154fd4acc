package io.beamcrawl.io;

import io.beamcrawl.archive.WarcLocation;
import io.beamcrawl.crawl.CrawledPage;
import io.beamcrawl.crawl.PageRender;
import io.beamcrawl.crawl.UrlParts;
import io.beamcrawl.extract.ExtractedPage;
import io.beamcrawl.extract.ExtractionResult;
import io.beamcrawl.fetch.Cookie;
import io.beamcrawl.fetch.FetchError;
import io.beamcrawl.fetch.FetchResult;
import io.beamcrawl.fetch.Header;
import io.beamcrawl.model.FrontierUrl;
import io.beamcrawl.model.PageLink;
import io.beamcrawl.parse.ParsedPage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Builds rows of the pages table ({@link Schemas#PAGE}) from extracted pages. */
public final class PageRecords {

  private static final Schema HEADER = elementSchema("request_headers");
  private static final Schema COOKIE = elementSchema("response_cookies");
  private static final Schema LINK = Schemas.PAGE.getField("links").schema().getTypes().get(1).getElementType();

  private PageRecords() {}

  /** The stable page id: the same job and URL give the same id in every run. */
  public static String pageId(String jobId, String url) {
    return UUID.nameUUIDFromBytes((jobId + '\n' + url).getBytes(StandardCharsets.UTF_8)).toString();
  }

  public static GenericRecord toRecord(ExtractedPage extracted, boolean storeHtml) {
    CrawledPage page = extracted.page();
    FetchResult fetch = page.fetch();
    ParsedPage parsed = page.parsed();
    ExtractionResult extraction = extracted.extraction();
    String url = page.entry().url();
    URI uri = URI.create(url);
    Integer status = fetch.statusCode() > 0 ? fetch.statusCode() : null;
    boolean redirected = !fetch.redirects().isEmpty();

    GenericRecord row = new GenericData.Record(Schemas.PAGE);
    row.put("job_id", page.entry().jobId());
    row.put("id", pageId(page.entry().jobId(), url));
    row.put("url", url);
    row.put("final_url", fetch.finalUrl());
    row.put("depth", page.entry().depth());
    row.put("parent_url", page.entry().parentUrl());
    row.put("relevance", page.entry().relevance());
    row.put("status", page.isSuccess() ? "success" : "failed");
    row.put("error_type", fetch.errorType() == null ? null : fetch.errorType().columnValue());
    row.put("error_message", fetch.errorMessage());
    row.put("title", parsed == null ? null : parsed.title());
    row.put("markdown", parsed == null ? null : parsed.markdown());
    row.put("html", parsed == null || !storeHtml ? null : parsed.html());
    row.put("data", extraction == null ? null : extraction.dataJson());
    row.put("ai_extraction_failed", extraction != null && extraction.failed());
    row.put("extraction_error", extraction == null ? null : extraction.failureReason());
    row.put("input_tokens", extracted.inputTokens());
    row.put("output_tokens", extracted.outputTokens());
    row.put("crawl_input_tokens", page.crawlInputTokens());
    row.put("crawl_output_tokens", page.crawlOutputTokens());
    row.put("tokens_estimated", extracted.tokensEstimated());
    row.put(
        "link_selection_error", page.linkPicks() == null ? null : page.linkPicks().failure());
    row.put("extraction_attempts", extraction == null ? 0 : extraction.attempts());
    row.put("extraction_input_truncated", extraction != null && extraction.inputTruncated());
    row.put("credits_used", extracted.creditsUsed());
    row.put("created_at", fetch.startedAtMillis());
    row.put("method", fetch.method());
    row.put("status_code", status);
    row.put("request_headers", headers(fetch.requestHeaders()));
    row.put("response_headers", headers(fetch.responseHeaders()));
    row.put("response_cookies", cookies(fetch.responseCookies()));
    row.put("tls_version", fetch.tlsVersion());
    row.put("tls_cipher_suite", fetch.tlsCipherSuite());
    row.put("time_ms", fetch.timeMs());
    row.put("fetch_attempts", page.fetchAttempts());
    row.put("size_bytes", fetch.sizeBytes());
    String host = UrlParts.host(url);
    row.put("url_surtkey", UrlParts.surtKey(url));
    row.put("url_host_name", host);
    row.put("url_host_registered_domain", UrlParts.registeredDomain(host));
    row.put("url_protocol", uri.getScheme());
    row.put("url_path", uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    row.put("url_query", uri.getRawQuery());
    row.put("fetch_time", fetch.startedAtMillis());
    row.put("fetch_status", status);
    row.put("fetch_redirect", redirected ? fetch.finalUrl() : null);
    row.put("content_digest", page.contentDigest());
    row.put("content_mime_type", fetch.contentType());
    row.put("content_mime_detected", page.mimeDetected());
    row.put("content_charset", parsed == null ? null : parsed.charset());
    row.put(
        "content_languages",
        parsed == null || parsed.languages().isEmpty() ? null : String.join(",", parsed.languages()));
    row.put("content_truncated", fetch.truncated());
    row.put("canonical_url", parsed == null ? null : parsed.canonicalUrl());
    row.put("robots_noindex", page.noindex());
    row.put("rendered", page.isRendered());
    row.put("render_reason", page.render() == null ? null : page.render().reason());
    row.put("screenshot_url", page.render() == null ? null : page.render().screenshotUrl());
    row.put("sitemap_lastmod", page.sitemapLastModified());
    WarcLocation warc = page.warc();
    row.put("warc_filename", warc == null ? null : warc.filename());
    row.put("warc_record_offset", warc == null ? null : warc.offset());
    row.put("warc_record_length", warc == null ? null : warc.length());
    row.put("outlinks_count", page.outlinksCount());
    row.put("links", page.links() == null ? null : links(page.links()));
    row.put("change_status", page.change() == null ? null : page.change().columnValue());
    row.put("previous_crawl", page.earlierRunId());
    return row;
  }

  /**
   * A stored row back as the crawled page it was written from, filed under {@code jobId}: what a
   * re-extraction runs on. What the table does not keep (the body bytes, the robots meta, every
   * redirect hop but the last) is left out; nothing written from it depends on those.
   */
  public static CrawledPage fromRecord(GenericRecord row, String jobId) {
    String url = text(row, "url");
    String finalUrl = text(row, "final_url");
    Object status = row.get("status_code");
    String markdown = text(row, "markdown");
    String languages = text(row, "content_languages");
    ParsedPage parsed =
        markdown == null
            ? null
            : new ParsedPage(
                text(row, "title"),
                text(row, "html"),
                text(row, "content_charset"),
                languages == null ? List.of() : List.of(languages.split(",")),
                text(row, "canonical_url"),
                false,
                false,
                List.of(),
                markdown,
                null);
    FetchResult fetch =
        new FetchResult(
            url,
            finalUrl,
            row.get("fetch_redirect") == null ? List.of() : List.of(finalUrl),
            text(row, "method"),
            status == null ? 0 : (Integer) status,
            headersOf(row.get("request_headers")),
            headersOf(row.get("response_headers")),
            cookiesOf(row.get("response_cookies")),
            text(row, "tls_version"),
            text(row, "tls_cipher_suite"),
            (Long) row.get("fetch_time"),
            (Long) row.get("time_ms"),
            null,
            (Long) row.get("size_bytes"),
            (Boolean) row.get("content_truncated"),
            text(row, "content_mime_type"),
            null,
            FetchError.ofColumn(text(row, "error_type")),
            text(row, "error_message"));
    return new CrawledPage(
        new FrontierUrl(
            jobId, url, (Integer) row.get("depth"), text(row, "parent_url"), (Double) row.get("relevance")),
        fetch,
        parsed,
        text(row, "content_mime_detected"),
        text(row, "content_digest"),
        (Integer) row.get("outlinks_count"),
        (Integer) row.get("fetch_attempts"),
        null,
        warcOf(row),
        row.getSchema().getField("robots_noindex") != null
            && Boolean.TRUE.equals(row.get("robots_noindex")),
        row.getSchema().getField("sitemap_lastmod") == null
            ? null
            : (Long) row.get("sitemap_lastmod"),
        linksOf(row),
        null,
        null,
        renderOf(row));
  }

  /** Whether the row's page was rendered; null for a row of a job that did not render. */
  private static PageRender renderOf(GenericRecord row) {
    if (row.getSchema().getField("render_reason") == null || row.get("render_reason") == null) {
      return null;
    }
    return new PageRender(
        Boolean.TRUE.equals(row.get("rendered")), text(row, "render_reason"), text(row, "screenshot_url"));
  }

  /**
   * A stored row back as the extracted page it was written from, filed under {@code jobId}: what
   * an incremental crawl carries over for a page it finds unchanged. Its extraction is the row's,
   * at no cost: it is not made again.
   */
  public static ExtractedPage extractedFromRecord(GenericRecord row, String jobId) {
    boolean failed = (Boolean) row.get("ai_extraction_failed");
    String data = text(row, "data");
    ExtractionResult extraction =
        data == null && !failed
            ? null
            : new ExtractionResult(
                data, failed, text(row, "extraction_error"), 0, 0, false, 0,
                (Boolean) row.get("extraction_input_truncated"));
    return new ExtractedPage(fromRecord(row, jobId), extraction, 0, false);
  }

  /** The stored links, or null when the row has none (not HTML, or written before they were kept). */
  private static List<PageLink> linksOf(GenericRecord row) {
    if (row.getSchema().getField("links") == null || row.get("links") == null) {
      return null;
    }
    List<PageLink> links = new ArrayList<>();
    for (Object element : (List<?>) row.get("links")) {
      GenericRecord link = (GenericRecord) element;
      links.add(new PageLink(text(link, "url"), text(link, "anchor_text"), text(link, "heading")));
    }
    return links;
  }

  private static List<GenericRecord> links(List<PageLink> links) {
    List<GenericRecord> rows = new ArrayList<>(links.size());
    for (PageLink link : links) {
      GenericRecord row = new GenericData.Record(LINK);
      row.put("url", link.url());
      row.put("anchor_text", link.anchorText() == null ? "" : link.anchorText());
      row.put("heading", link.heading() == null ? "" : link.heading());
      rows.add(row);
    }
    return rows;
  }

  /** Where the stored page's record is, when its crawl archived it. */
  private static WarcLocation warcOf(GenericRecord row) {
    if (row.getSchema().getField("warc_filename") == null || row.get("warc_filename") == null) {
      return null;
    }
    return new WarcLocation(
        text(row, "warc_filename"),
        (Long) row.get("warc_record_offset"),
        (Long) row.get("warc_record_length"));
  }

  private static String text(GenericRecord row, String field) {
    Object value = row.get(field);
    return value == null ? null : value.toString();
  }

  private static List<Header> headersOf(Object rows) {
    List<Header> headers = new ArrayList<>();
    for (Object element : (List<?>) rows) {
      GenericRecord row = (GenericRecord) element;
      headers.add(new Header(text(row, "name"), text(row, "value")));
    }
    return headers;
  }

  private static List<Cookie> cookiesOf(Object rows) {
    List<Cookie> cookies = new ArrayList<>();
    for (Object element : (List<?>) rows) {
      GenericRecord row = (GenericRecord) element;
      cookies.add(
          new Cookie(
              text(row, "name"),
              text(row, "value"),
              text(row, "domain"),
              text(row, "path"),
              text(row, "expires"),
              (Long) row.get("max_age"),
              (Boolean) row.get("secure"),
              (Boolean) row.get("httponly"),
              text(row, "samesite")));
    }
    return cookies;
  }

  private static List<GenericRecord> headers(List<Header> headers) {
    return headers.stream()
        .map(
            header -> {
              GenericRecord row = new GenericData.Record(HEADER);
              row.put("name", header.name());
              row.put("value", header.value());
              return row;
            })
        .toList();
  }

  private static List<GenericRecord> cookies(List<Cookie> cookies) {
    return cookies.stream()
        .map(
            cookie -> {
              GenericRecord row = new GenericData.Record(COOKIE);
              row.put("name", cookie.name());
              row.put("value", cookie.value());
              row.put("domain", cookie.domain());
              row.put("path", cookie.path());
              row.put("expires", cookie.expires());
              row.put("max_age", cookie.maxAge());
              row.put("secure", cookie.secure());
              row.put("httponly", cookie.httpOnly());
              row.put("samesite", cookie.sameSite());
              return row;
            })
        .toList();
  }

  private static Schema elementSchema(String arrayField) {
    return Schemas.PAGE.getField(arrayField).schema().getElementType();
  }
}
