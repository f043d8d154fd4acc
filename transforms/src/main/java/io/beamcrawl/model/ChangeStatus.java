package io.beamcrawl.model;

/** How a page of an incremental crawl compares with the job's earlier crawl. */
public enum ChangeStatus {
  /** The earlier crawl had no success for the URL. */
  NEW,
  /** The page answered otherwise than before: other content, or now an error that is not gone. */
  CHANGED,
  /** The server answered 304 to the earlier validators, or sent the same bytes. */
  UNCHANGED,
  /** The page answered 404 or 410 where the earlier crawl had a success. */
  GONE;

  /** The value as written in the change_status column. */
  public String columnValue() {
    return EnumNames.of(this);
  }
}
