package io.beamcrawl.pipeline;

import io.beamcrawl.io.RunOutput;
import io.beamcrawl.model.RejectedLine;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The run's summary: summary-RUN_ID.json for schedulers (every job row, run totals, rejected
 * lines) and the per-job table printed at the end of a run.
 */
final class RunSummary {

  private static final List<String> TOTALS =
      List.of(
          "pages_crawled", "pages_failed", "input_tokens", "output_tokens", "credits_used",
          "bytes_fetched", "urls_discovered", "urls_out_of_scope", "urls_disallowed_by_robots",
          "urls_over_budget");

  private final Map<String, Object> json;
  private final List<Map<String, Object>> jobs;

  private RunSummary(Map<String, Object> json, List<Map<String, Object>> jobs) {
    this.json = json;
    this.jobs = jobs;
  }

  static RunSummary of(
      String runId, long startedMillis, long finishedMillis, RunOutput output,
      List<GenericRecord> jobRows, List<RejectedLine> rejected) {
    List<Map<String, Object>> jobs = new ArrayList<>();
    for (GenericRecord row : jobRows) {
      jobs.add(toMap(row));
    }
    jobs.sort(Comparator.comparing(job -> (String) job.get("id")));

    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("jobs", jobs.size());
    totals.put("jobs_failed", jobs.stream().filter(job -> "failed".equals(job.get("status"))).count());
    for (String field : TOTALS) {
      totals.put(field, sum(jobs, field));
    }

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("run_id", runId);
    json.put("status", "completed");
    json.put("started_at", Instant.ofEpochMilli(startedMillis).toString());
    json.put("finished_at", Instant.ofEpochMilli(finishedMillis).toString());
    json.put("duration_ms", finishedMillis - startedMillis);
    json.put("output", output.root().toString());
    json.put("pages", output.partition(RunOutput.PAGES).toString());
    json.put("jobs_table", output.partition(RunOutput.JOBS).toString());
    json.put("report", output.reportFile().toString());
    json.put("totals", totals);
    json.put("jobs", jobs);
    List<Map<String, Object>> rejectedLines = new ArrayList<>();
    for (RejectedLine line : rejected) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("source", line.source());
      entry.put("line_number", line.lineNumber());
      entry.put("reason", line.reason());
      rejectedLines.add(entry);
    }
    json.put("rejected", rejectedLines);
    return new RunSummary(json, jobs);
  }

  Map<String, Object> asJson() {
    return json;
  }

  void print(PrintStream out) {
    String format = "%-24s %-9s %6s %6s %10s %8s %7s %8s %9s %9s%n";
    out.println();
    out.printf(Locale.ROOT, format, "job", "status", "pages", "failed", "discovered",
        "off-scope", "robots", "budget", "credits", "seconds");
    for (Map<String, Object> job : jobs) {
      out.printf(
          Locale.ROOT, format, shorten((String) job.get("id")), job.get("status"),
          job.get("pages_crawled"), job.get("pages_failed"), job.get("urls_discovered"),
          job.get("urls_out_of_scope"), job.get("urls_disallowed_by_robots"),
          job.get("urls_over_budget"), number(job.get("credits_used")),
          String.format(Locale.ROOT, "%.1f", ((Number) job.get("duration_ms")).longValue() / 1000.0));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> totals = (Map<String, Object>) json.get("totals");
    out.printf(
        Locale.ROOT, format, "total (" + totals.get("jobs") + " jobs)", "", totals.get("pages_crawled"),
        totals.get("pages_failed"), totals.get("urls_discovered"), totals.get("urls_out_of_scope"),
        totals.get("urls_disallowed_by_robots"), totals.get("urls_over_budget"),
        number(totals.get("credits_used")), "");
    out.println();
    out.println("Pages:   " + json.get("pages"));
    out.println("Jobs:    " + json.get("jobs_table"));
    out.println("Report:  " + json.get("report"));
    out.println("Summary: " + json.get("output") + "/summary-" + json.get("run_id") + ".json");
  }

  /** A job row as plain JSON values: timestamps as ISO 8601, maps with string keys. */
  private static Map<String, Object> toMap(GenericRecord row) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Schema.Field field : row.getSchema().getFields()) {
      Object value = row.get(field.name());
      if (value instanceof CharSequence text) {
        value = text.toString();
      } else if (value instanceof Map<?, ?> entries) {
        Map<String, Object> copy = new LinkedHashMap<>();
        entries.forEach((key, n) -> copy.put(key.toString(), n));
        value = copy;
      } else if (field.name().endsWith("_at") && value instanceof Long millis) {
        value = Instant.ofEpochMilli(millis).toString();
      } else if (value instanceof Instant instant) {
        value = instant.toString();
      }
      map.put(field.name(), value);
    }
    return map;
  }

  private static Number sum(List<Map<String, Object>> jobs, String field) {
    boolean fractional = jobs.stream().anyMatch(job -> job.get(field) instanceof Double);
    if (fractional) {
      return jobs.stream().mapToDouble(job -> ((Number) job.get(field)).doubleValue()).sum();
    }
    return jobs.stream().mapToLong(job -> ((Number) job.get(field)).longValue()).sum();
  }

  private static String number(Object value) {
    double d = ((Number) value).doubleValue();
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.2f", d);
  }

  private static String shorten(String id) {
    return id.length() <= 24 ? id : id.substring(0, 21) + "...";
  }
}
