package io.beamcrawl.pipeline.report;

import java.util.Map;
import java.util.TreeMap;

/** What one job's pages add up to, for its part of the report. Fed page by page. */
final class JobFigures {

  /** Upper bounds of the fetch time buckets, in milliseconds; the last bucket is open. */
  static final long[] FETCH_MS = {10, 50, 100, 250, 500, 1_000, 2_500, 5_000};

  final Map<String, Long> statusCodes = new TreeMap<>();
  final Map<Integer, Long> depths = new TreeMap<>();
  final Map<String, Long> errorTypes = new TreeMap<>();
  final Map<String, String> errorExamples = new TreeMap<>();
  final long[] fetchTimes = new long[FETCH_MS.length + 1];
  /** Pages by the millisecond their fetch started. */
  final TreeMap<Long, Long> startedAt = new TreeMap<>();

  void add(int depth, Integer statusCode, String errorType, long timeMs, long fetchTime, String url) {
    statusCodes.merge(statusCode == null || statusCode == 0 ? "none" : statusCode.toString(), 1L, Long::sum);
    depths.merge(depth, 1L, Long::sum);
    if (errorType != null) {
      errorTypes.merge(errorType, 1L, Long::sum);
      errorExamples.putIfAbsent(errorType, url);
    }
    int bucket = 0;
    while (bucket < FETCH_MS.length && timeMs >= FETCH_MS[bucket]) {
      bucket++;
    }
    fetchTimes[bucket]++;
    startedAt.merge(fetchTime, 1L, Long::sum);
  }

  /** The fetch time buckets' labels, in order. */
  static String[] fetchTimeLabels() {
    String[] labels = new String[FETCH_MS.length + 1];
    long from = 0;
    for (int i = 0; i < FETCH_MS.length; i++) {
      labels[i] = milliseconds(from) + "–" + milliseconds(FETCH_MS[i]);
      from = FETCH_MS[i];
    }
    labels[FETCH_MS.length] = "≥ " + milliseconds(from);
    return labels;
  }

  private static String milliseconds(long ms) {
    return ms >= 1_000 && ms % 1_000 == 0 ? ms / 1_000 + " s"
        : ms >= 1_000 ? ms / 1_000.0 + " s" : ms + " ms";
  }

  /** Pages started in each of {@code bins} equal slices of [from, to]. */
  long[] overTime(long from, long to, int bins) {
    long[] counts = new long[bins];
    double width = Math.max(1, to - from + 1) / (double) bins;
    startedAt.forEach((at, n) -> counts[(int) Math.min(bins - 1, Math.max(0, (at - from) / width))] += n);
    return counts;
  }
}
