package io.beamcrawl.io;

import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.RejectedLine;
import java.util.List;

/** The jobs read from the input, and the lines that could not become jobs. */
public record JobsInput(List<CrawlJob> jobs, List<RejectedLine> rejected) {

  public JobsInput {
    jobs = List.copyOf(jobs);
    rejected = List.copyOf(rejected);
  }

  /** The deepest max_depth of any job. */
  public int maxDepth() {
    return jobs.stream().mapToInt(CrawlJob::maxDepth).max().orElse(0);
  }
}
