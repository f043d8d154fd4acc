package io.beamcrawl.archive;

import java.io.Serializable;

/**
 * Where a record is in a WARC file, as Common Crawl's index gives it: one ranged read of {@code
 * length} bytes at {@code offset} is the record, a gzip member of its own.
 *
 * @param filename the file, relative to the crawl's output directory
 */
public record WarcLocation(String filename, long offset, long length) implements Serializable {}
