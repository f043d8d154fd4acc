package io.beamcrawl.pipeline.report;

import io.beamcrawl.io.Schemas;
import io.beamcrawl.io.TableFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.nodes.Entities;

/**
 * The crawl report, {@code OUTPUT/report-RUN_ID.html}: one self-contained file (styles and SVG
 * charts inline, no script, nothing fetched) that opens in a browser from the file system. The
 * run's totals first, then per job its pages, failures and their causes, status codes, depth,
 * fetch times, pages over time, bytes, tokens and credits, and the URLs it found but did not
 * fetch, and why. Drawn from the run's own tables, so it says what they say.
 *
 * <p>Every figure is also in a {@code data-figure} attribute with its plain value, for whoever
 * reads the report with a program.
 */
public final class Report {

  private static final List<String> PAGE_COLUMNS =
      List.of("job_id", "url", "depth", "status_code", "error_type", "time_ms", "fetch_time");
  private static final int TIME_SLICES = 60;
  /** The figures of the run and of each job, by their column: what they are called here. */
  private static final Map<String, String> FIGURES = new LinkedHashMap<>();
  private static final Map<String, String> NOT_FETCHED = new LinkedHashMap<>();

  static {
    FIGURES.put("pages_crawled", "pages crawled");
    FIGURES.put("pages_failed", "pages failed");
    FIGURES.put("bytes_fetched", "bytes fetched");
    FIGURES.put("input_tokens", "input tokens");
    FIGURES.put("output_tokens", "output tokens");
    FIGURES.put("credits_used", "credits used");
    NOT_FETCHED.put("urls_out_of_scope", "out of scope");
    NOT_FETCHED.put("urls_disallowed_by_robots", "disallowed by robots.txt");
    NOT_FETCHED.put("urls_over_budget", "over the page budget");
    NOT_FETCHED.put("urls_below_relevance", "below the relevance asked");
    NOT_FETCHED.put("urls_filtered_as_trap", "likely crawler traps");
  }

  private Report() {}

  /**
   * The report of a run.
   *
   * @param summary the run's summary (as {@code summary-RUN_ID.json} has it)
   * @param pages the directory of the run's pages table
   */
  public static String render(Map<String, Object> summary, Path pages) throws IOException {
    Map<String, JobFigures> figures = readPages(pages);
    @SuppressWarnings("unchecked")
    Map<String, Object> totals = (Map<String, Object>) summary.get("totals");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> jobs = (List<Map<String, Object>>) summary.get("jobs");
    String runId = (String) summary.get("run_id");

    StringBuilder html = new StringBuilder(16_384);
    html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Crawl ").append(escape(runId)).append("</title><style>").append(STYLE)
        .append("</style></head><body>\n<header><h1>Crawl <code>").append(escape(runId))
        .append("</code></h1><p>").append(escape(String.valueOf(summary.get("started_at"))))
        .append(" to ").append(escape(String.valueOf(summary.get("finished_at"))))
        .append("</p></header>\n<section class=\"totals\" data-run=\"").append(escape(runId))
        .append("\"><h2>The run</h2><dl>");
    figure(html, "jobs", "jobs", totals.get("jobs"));
    FIGURES.forEach((name, label) -> figure(html, name, label, totals.get(name)));
    figure(html, "duration_ms", "seconds", seconds(summary.get("duration_ms")));
    html.append("</dl></section>\n");
    for (Map<String, Object> job : jobs) {
      String id = (String) job.get("id");
      job(html, job, figures.getOrDefault(id, new JobFigures()));
    }
    return html.append("</body></html>\n").toString();
  }

  private static void job(StringBuilder html, Map<String, Object> job, JobFigures pages) {
    String id = (String) job.get("id");
    html.append("<section class=\"job\" data-job=\"").append(escape(id)).append("\"><h2>")
        .append(escape(id)).append(" <span class=\"status ").append(escape(String.valueOf(job.get("status"))))
        .append("\">").append(escape(String.valueOf(job.get("status")))).append("</span></h2><p class=\"url\">")
        .append(escape(String.valueOf(job.get("base_url")))).append("</p><dl>");
    FIGURES.forEach((name, label) -> figure(html, name, label, job.get(name)));
    figure(html, "urls_discovered", "URLs found", job.get("urls_discovered"));
    figure(html, "duration_ms", "seconds", seconds(job.get("duration_ms")));
    html.append("</dl><div class=\"charts\">");

    chart(html, "status_codes", "Responses by status code",
        Svg.bars(new ArrayList<>(pages.statusCodes.keySet()), values(pages.statusCodes)));
    List<String> depths = new ArrayList<>();
    pages.depths.keySet().forEach(depth -> depths.add("depth " + depth));
    chart(html, "depths", "Pages by depth", Svg.bars(depths, values(pages.depths)));
    chart(html, "fetch_times", "Fetch time (redirects and retries included)",
        Svg.bars(List.of(JobFigures.fetchTimeLabels()), pages.fetchTimes));
    if (!pages.startedAt.isEmpty()) {
      long from = pages.startedAt.firstKey();
      long to = pages.startedAt.lastKey();
      chart(html, "over_time", "Pages over time, by when their fetch started",
          Svg.timeline(pages.overTime(from, to, TIME_SLICES), "0 s",
              String.format(Locale.ROOT, "%.1f s", (to - from) / 1000.0),
              String.format(Locale.ROOT, "%.2f s", (to - from + 1) / 1000.0 / TIME_SLICES)));
    }
    html.append("</div>");

    html.append("<h3>Failures</h3>");
    if (pages.errorTypes.isEmpty()) {
      html.append("<p class=\"none\">None.</p>");
    } else {
      html.append("<table class=\"errors\"><tr><th>error type</th><th>pages</th><th>for example</th></tr>");
      pages.errorTypes.forEach((type, count) -> html.append("<tr data-error=\"").append(escape(type))
          .append("\"><td>").append(escape(type)).append("</td><td data-value=\"").append(count)
          .append("\">").append(number(count)).append("</td><td class=\"url\">")
          .append(escape(pages.errorExamples.get(type))).append("</td></tr>"));
      html.append("</table>");
    }
    html.append("<h3>Found and not fetched</h3><table class=\"skipped\">");
    NOT_FETCHED.forEach((column, reason) -> html.append("<tr data-figure=\"").append(column)
        .append("\" data-value=\"").append(job.get(column)).append("\"><td>").append(reason)
        .append("</td><td>").append(number(job.get(column))).append("</td></tr>"));
    html.append("</table></section>\n");
  }

  private static void chart(StringBuilder html, String name, String caption, String svg) {
    html.append("<figure data-chart=\"").append(name).append("\"><figcaption>").append(caption)
        .append("</figcaption>").append(svg).append("</figure>");
  }

  private static void figure(StringBuilder html, String name, String label, Object value) {
    html.append("<div><dd data-figure=\"").append(name).append("\" data-value=\"").append(value)
        .append("\">").append(number(value)).append("</dd><dt>").append(label).append("</dt></div>");
  }

  private static long[] values(Map<?, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).toArray();
  }

  private static Object seconds(Object millis) {
    return millis == null ? 0 : Math.round(((Number) millis).doubleValue() / 100.0) / 10.0;
  }

  /** A figure as people read it: thousands grouped, at most two decimals. */
  static String number(Object value) {
    if (value == null) {
      return "–";
    }
    double d = ((Number) value).doubleValue();
    return d == Math.rint(d) && Math.abs(d) < 1e15
        ? String.format(Locale.ROOT, "%,d", (long) d).replace(',', ' ')
        : String.format(Locale.ROOT, "%,.2f", d).replace(',', ' ');
  }

  private static String escape(String text) {
    return Entities.escape(text == null ? "" : text);
  }

  /** Each job's page figures, from the few columns of the pages table they need. */
  private static Map<String, JobFigures> readPages(Path directory) throws IOException {
    Map<String, JobFigures> byJob = new LinkedHashMap<>();
    TableFiles.read(
        directory,
        TableFiles.projection(Schemas.PAGE, PAGE_COLUMNS),
        row -> {
          Object error = row.get("error_type");
          byJob.computeIfAbsent(row.get("job_id").toString(), id -> new JobFigures())
              .add((Integer) row.get("depth"), (Integer) row.get("status_code"),
                  error == null ? null : error.toString(), (Long) row.get("time_ms"),
                  (Long) row.get("fetch_time"), row.get("url").toString());
        });
    return byJob;
  }

  private static final String STYLE =
      """
      :root{--ink:#1d2330;--muted:#5d6677;--line:#d9dde5;--bar:#3b6fd8;--bad:#c2402f;--ok:#2f8a4c}
      *{box-sizing:border-box}
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);
        margin:0 auto;max-width:1180px;padding:24px 28px 48px;background:#f6f7f9}
      h1{font-size:22px;margin:0}h1 code{font-size:20px}
      header p{color:var(--muted);margin:4px 0 18px}
      h2{font-size:17px;margin:0 0 4px}h3{font-size:14px;margin:18px 0 6px}
      section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:18px 20px;margin:0 0 18px}
      dl{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
      dl div{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:120px}
      dd{margin:0;font-size:20px;font-weight:600}dt{color:var(--muted);font-size:12px}
      .url{color:var(--muted);word-break:break-all;margin:0}
      .status{font-size:12px;font-weight:600;border-radius:10px;padding:2px 8px;vertical-align:middle;
        background:#e4f3e8;color:var(--ok)}
      .status.failed{background:#f8e3e0;color:var(--bad)}
      .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:14px}
      figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:10px}
      figcaption{font-weight:600;margin-bottom:6px}
      svg{display:block;max-width:100%;height:auto;font-size:11px;fill:var(--ink)}
      svg rect{fill:var(--bar)}svg .value{fill:var(--muted)}
      svg .area{fill:rgba(59,111,216,.25);stroke:var(--bar);stroke-width:1.5}
      svg .axis{stroke:var(--line)}
      table{border-collapse:collapse;width:100%}
      td,th{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line)}
      th{color:var(--muted);font-weight:600;font-size:12px}
      .errors td:first-child{color:var(--bad);font-weight:600}
      .none{color:var(--muted)}
      """;
}
