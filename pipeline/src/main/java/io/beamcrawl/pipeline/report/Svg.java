package io.beamcrawl.pipeline.report;

import java.util.List;
import java.util.Locale;
import org.jsoup.nodes.Entities;

/** The report's charts, drawn as inline SVG: no script, no network, readable as they are. */
final class Svg {

  private static final int WIDTH = 420;
  private static final int LABEL = 110;
  private static final int ROW = 20;

  private Svg() {}

  /** One horizontal bar a label, its value written beside it. */
  static String bars(List<String> labels, long[] values) {
    long max = 1;
    for (long value : values) {
      max = Math.max(max, value);
    }
    int height = Math.max(1, labels.size()) * ROW + 4;
    StringBuilder svg = open(height);
    int barRoom = WIDTH - LABEL - 60;
    for (int i = 0; i < labels.size(); i++) {
      int y = i * ROW + 2;
      int width = values[i] == 0 ? 0 : Math.max(1, (int) Math.round(barRoom * (double) values[i] / max));
      svg.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
              + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"2\"/>"
              + "<text x=\"%d\" y=\"%d\" class=\"value\">%s</text>",
          LABEL - 6, y + 14, Entities.escape(labels.get(i)),
          LABEL, y + 3, width, ROW - 6,
          LABEL + width + 6, y + 14, Report.number(values[i])));
    }
    return svg.append("</svg>").toString();
  }

  /** Counts over time as a filled line, with the first and last moment and the peak marked. */
  static String timeline(long[] counts, String fromLabel, String toLabel, String sliceLabel) {
    int height = 120;
    int top = 16;
    int bottom = height - 22;
    long max = 1;
    for (long count : counts) {
      max = Math.max(max, count);
    }
    StringBuilder points = new StringBuilder();
    double step = counts.length > 1 ? (WIDTH - 20) / (double) (counts.length - 1) : 0;
    points.append(String.format(Locale.ROOT, "%.1f,%d ", 10.0, bottom));
    for (int i = 0; i < counts.length; i++) {
      double y = bottom - (bottom - top) * (double) counts[i] / max;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", 10 + i * step, y));
    }
    points.append(String.format(Locale.ROOT, "%.1f,%d", 10 + (counts.length - 1) * step, bottom));
    return open(height)
        + "<polygon class=\"area\" points=\"" + points + "\"/>"
        + String.format(Locale.ROOT,
            "<line x1=\"10\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>"
                + "<text x=\"10\" y=\"%d\">%s</text>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                + "<text x=\"10\" y=\"11\" class=\"value\">at most %s pages in %s</text>",
            bottom, WIDTH - 10, bottom, height - 6, Entities.escape(fromLabel), WIDTH - 10,
            height - 6, Entities.escape(toLabel), Report.number(max), Entities.escape(sliceLabel))
        + "</svg>";
  }

  private static StringBuilder open(int height) {
    return new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\">",
        WIDTH, height, WIDTH, height));
  }
}
