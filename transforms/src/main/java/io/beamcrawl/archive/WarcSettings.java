package io.beamcrawl.archive;

import java.io.Serializable;

/**
 * Where and how a run keeps what it exchanged with servers as WARC files.
 *
 * @param directory where the files are written (the run's staging area: its commit moves them)
 * @param recordedDirectory that directory as the pages table names it, relative to the output
 * @param fileBytes a file is closed, and the next begun, once it holds this many bytes
 * @param runId the run the files are part of
 * @param userAgent the User-Agent the crawl sent, recorded in each file's warcinfo record
 */
public record WarcSettings(
    String directory, String recordedDirectory, long fileBytes, String runId, String userAgent)
    implements Serializable {

  public WarcSettings {
    if (fileBytes < 1) {
      throw new IllegalArgumentException("a WARC file needs a positive size, not " + fileBytes);
    }
  }
}
