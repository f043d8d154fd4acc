package io.beamcrawl.pipeline.report;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Map;
import org.junit.Test;

public class JobFiguresTest {

  @Test
  public void pagesAddUpByStatusDepthErrorAndFetchTime() {
    JobFigures figures = new JobFigures();
    figures.add(0, 200, null, 5, 1_000, "http://a/");
    figures.add(1, 200, null, 10, 1_500, "http://a/1");
    figures.add(1, 404, "http_error", 120, 2_000, "http://a/2");
    figures.add(2, 0, "timeout", 30_000, 2_999, "http://a/3");
    figures.add(2, null, "http_error", 60, 3_000, "http://a/4");

    assertEquals(Map.of("200", 2L, "404", 1L, "none", 2L), figures.statusCodes);
    assertEquals(Map.of(0, 1L, 1, 2L, 2, 2L), figures.depths);
    assertEquals(Map.of("http_error", 2L, "timeout", 1L), figures.errorTypes);
    assertEquals("the first of each", "http://a/2", figures.errorExamples.get("http_error"));
    // <10, 10-50, 50-100, 100-250, ..., >=5 s
    assertArrayEquals(new long[] {1, 1, 1, 1, 0, 0, 0, 0, 1}, figures.fetchTimes);
    assertEquals(figures.fetchTimes.length, JobFigures.fetchTimeLabels().length);
    assertEquals("0 ms–10 ms", JobFigures.fetchTimeLabels()[0]);
    assertEquals("≥ 5 s", JobFigures.fetchTimeLabels()[8]);
  }

  @Test
  public void pagesOverTimeFallIntoEqualSlicesEndsIncluded() {
    JobFigures figures = new JobFigures();
    for (long at : new long[] {1_000, 1_001, 1_499, 1_500, 1_999, 2_000}) {
      figures.add(0, 200, null, 1, at, "http://a/" + at);
    }
    // 1,001 ms in two slices of 500.5 ms: [1000, 1500.5) and [1500.5, 2001).
    assertArrayEquals(new long[] {4, 2}, figures.overTime(1_000, 2_000, 2));
    assertArrayEquals(new long[] {6}, figures.overTime(1_000, 2_000, 1));
  }
}
