package io.beamcrawl.model;

import java.io.Serializable;

/** An input line that could not become a job, and why. Written to the run's rejected output. */
public record RejectedLine(String source, int lineNumber, String line, String reason)
    implements Serializable {

  @Override
  public String toString() {
    return source + ":" + lineNumber + ": " + reason;
  }
}
