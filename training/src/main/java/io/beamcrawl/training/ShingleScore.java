package io.beamcrawl.training;

import java.util.Map;

/**
 * Precision, recall and F1 averaged over pages as the benchmark's score.py computes them, for
 * the trainer's quick figures (the figures reported come from score.py itself).
 */
final class ShingleScore {

  private double precision;
  private double recall;
  private int precisions;
  private int recalls;

  void add(String truth, String predicted) {
    Map<String, Integer> t = Words.shingles(Words.of(truth));
    Map<String, Integer> p = Words.shingles(Words.of(predicted));
    long tp = 0;
    long fp = 0;
    long fn = 0;
    for (Map.Entry<String, Integer> e : p.entrySet()) {
      int inTruth = t.getOrDefault(e.getKey(), 0);
      tp += Math.min(inTruth, e.getValue());
      fp += Math.max(0, e.getValue() - inTruth);
    }
    for (Map.Entry<String, Integer> e : t.entrySet()) {
      fn += Math.max(0, e.getValue() - p.getOrDefault(e.getKey(), 0));
    }
    long total = tp + fp + fn;
    if (total == 0) {
      return;
    }
    if (tp + fp > 0) {
      precision += ratio(tp, fp, fn);
      precisions++;
    }
    if (tp + fn > 0) {
      recall += ratio(tp, fn, fp);
      recalls++;
    }
  }

  private static double ratio(long hit, long missA, long missB) {
    if (missA == 0 && missB == 0) {
      return 1;
    }
    return hit == 0 && missA == 0 ? 0 : hit / (double) (hit + missA);
  }

  int pages() {
    return Math.max(precisions, recalls);
  }

  double recall() {
    return recalls == 0 ? 0 : recall / recalls;
  }

  double f1() {
    double p = precisions == 0 ? 0 : precision / precisions;
    double r = recalls == 0 ? 0 : recall / recalls;
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
}
