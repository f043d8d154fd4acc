package io.beamcrawl.stats;

import io.beamcrawl.model.ChangeStatus;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.beam.sdk.util.VarInt;

/**
 * What one job's pages add up to. Mutable accumulator of the per-job Combine; merging two is the
 * same as adding their pages one by one, in any order.
 */
public final class JobStats implements Serializable {

  private long pagesCrawled;
  private long pagesFailed;
  private final TreeMap<Integer, Long> statusCodeCounts = new TreeMap<>();
  private long bytesFetched;
  private long firstFetchStart = Long.MAX_VALUE;
  private long lastFetchEnd;
  private long inputTokens;
  private long outputTokens;
  private double creditsUsed;
  private long extractionsFailed;
  private long pagesOverCreditBudget;
  private long crawlInputTokens;
  private long crawlOutputTokens;
  private long linkSelectionsFailed;
  private long pagesRendered;
  /** Pages by how they compare with an earlier crawl, by {@link ChangeStatus} ordinal. */
  private final long[] pagesByChange = new long[ChangeStatus.values().length];

  /**
   * Adds one page.
   *
   * @param statusCode the HTTP status, or 0 when there was no response
   */
  public JobStats add(
      boolean success,
      int statusCode,
      long bytes,
      long fetchStart,
      long fetchMillis,
      long pageInputTokens,
      long pageOutputTokens,
      double pageCredits) {
    if (success) {
      pagesCrawled++;
    } else {
      pagesFailed++;
    }
    if (statusCode > 0) {
      statusCodeCounts.merge(statusCode, 1L, Long::sum);
    }
    bytesFetched += bytes;
    firstFetchStart = Math.min(firstFetchStart, fetchStart);
    lastFetchEnd = Math.max(lastFetchEnd, fetchStart + fetchMillis);
    inputTokens += pageInputTokens;
    outputTokens += pageOutputTokens;
    creditsUsed += pageCredits;
    return this;
  }

  /**
   * Adds what extraction made of one page.
   *
   * @param overCreditBudget the page was not sent to the model because the job's credits ran out
   */
  public JobStats addExtraction(boolean failed, boolean overCreditBudget) {
    extractionsFailed += failed ? 1 : 0;
    pagesOverCreditBudget += overCreditBudget ? 1 : 0;
    return this;
  }

  /**
   * Adds what asking the model which of a page's links to follow cost; its tokens are already in
   * the page's.
   */
  public JobStats addLinkSelection(long inputTokens, long outputTokens, boolean failed) {
    crawlInputTokens += inputTokens;
    crawlOutputTokens += outputTokens;
    linkSelectionsFailed += failed ? 1 : 0;
    return this;
  }

  /** Adds how a page of an incremental crawl compares with the earlier crawl; null adds nothing. */
  public JobStats addChange(ChangeStatus change) {
    if (change != null) {
      pagesByChange[change.ordinal()]++;
    }
    return this;
  }

  /** Adds a page that was rendered in a browser (true) or not. */
  public JobStats addRendered(boolean rendered) {
    pagesRendered += rendered ? 1 : 0;
    return this;
  }

  /** Pages rendered in a browser before they were parsed. */
  public long pagesRendered() {
    return pagesRendered;
  }

  /** Pages that compared with an earlier crawl as {@code change} says. */
  public long pages(ChangeStatus change) {
    return pagesByChange[change.ordinal()];
  }

  public JobStats merge(JobStats other) {
    pagesCrawled += other.pagesCrawled;
    pagesFailed += other.pagesFailed;
    other.statusCodeCounts.forEach((code, n) -> statusCodeCounts.merge(code, n, Long::sum));
    bytesFetched += other.bytesFetched;
    firstFetchStart = Math.min(firstFetchStart, other.firstFetchStart);
    lastFetchEnd = Math.max(lastFetchEnd, other.lastFetchEnd);
    inputTokens += other.inputTokens;
    outputTokens += other.outputTokens;
    creditsUsed += other.creditsUsed;
    extractionsFailed += other.extractionsFailed;
    pagesOverCreditBudget += other.pagesOverCreditBudget;
    crawlInputTokens += other.crawlInputTokens;
    crawlOutputTokens += other.crawlOutputTokens;
    linkSelectionsFailed += other.linkSelectionsFailed;
    pagesRendered += other.pagesRendered;
    for (int i = 0; i < pagesByChange.length; i++) {
      pagesByChange[i] += other.pagesByChange[i];
    }
    return this;
  }

  public long pagesCrawled() {
    return pagesCrawled;
  }

  public long pagesFailed() {
    return pagesFailed;
  }

  /** Responses per HTTP status code, in code order. */
  public Map<Integer, Long> statusCodeCounts() {
    return java.util.Collections.unmodifiableMap(statusCodeCounts);
  }

  public long bytesFetched() {
    return bytesFetched;
  }

  /** Epoch millis the job's first fetch started, or null when nothing was fetched. */
  public Long firstFetchStart() {
    return pagesCrawled + pagesFailed == 0 ? null : firstFetchStart;
  }

  /** Epoch millis the job's last fetch ended, or null when nothing was fetched. */
  public Long lastFetchEnd() {
    return pagesCrawled + pagesFailed == 0 ? null : lastFetchEnd;
  }

  /** From the start of the first fetch to the end of the last; 0 when nothing was fetched. */
  public long durationMillis() {
    return pagesCrawled + pagesFailed == 0 ? 0 : lastFetchEnd - firstFetchStart;
  }

  public long inputTokens() {
    return inputTokens;
  }

  public long outputTokens() {
    return outputTokens;
  }

  public double creditsUsed() {
    return creditsUsed;
  }

  /** Pages whose extraction failed (their data is the markdown). */
  public long extractionsFailed() {
    return extractionsFailed;
  }

  /** Pages not sent to the model because the job had reached its credit cap. */
  public long pagesOverCreditBudget() {
    return pagesOverCreditBudget;
  }

  /** Of the input tokens, those spent choosing the links to follow. */
  public long crawlInputTokens() {
    return crawlInputTokens;
  }

  /** Of the output tokens, those spent choosing the links to follow. */
  public long crawlOutputTokens() {
    return crawlOutputTokens;
  }

  /** Pages whose links the model could not pick, so the offline score ranked them. */
  public long linkSelectionsFailed() {
    return linkSelectionsFailed;
  }

  /** completed when at least one page was fetched successfully, else failed. */
  public String status() {
    return pagesCrawled > 0 ? "completed" : "failed";
  }

  /** Writes every field, for {@link JobStatsCoder}. */
  void writeTo(DataOutputStream out) throws IOException {
    for (long n :
        new long[] {
          pagesCrawled, pagesFailed, bytesFetched, lastFetchEnd, inputTokens, outputTokens,
          extractionsFailed, pagesOverCreditBudget, crawlInputTokens, crawlOutputTokens,
          linkSelectionsFailed, pagesRendered
        }) {
      VarInt.encode(n, out);
    }
    out.writeLong(firstFetchStart);
    out.writeDouble(creditsUsed);
    VarInt.encode(statusCodeCounts.size(), out);
    for (Map.Entry<Integer, Long> code : statusCodeCounts.entrySet()) {
      VarInt.encode(code.getKey(), out);
      VarInt.encode(code.getValue(), out);
    }
    for (long n : pagesByChange) {
      VarInt.encode(n, out);
    }
  }

  /** Reads what {@link #writeTo} wrote. */
  static JobStats readFrom(DataInputStream in) throws IOException {
    JobStats stats = new JobStats();
    stats.pagesCrawled = VarInt.decodeLong(in);
    stats.pagesFailed = VarInt.decodeLong(in);
    stats.bytesFetched = VarInt.decodeLong(in);
    stats.lastFetchEnd = VarInt.decodeLong(in);
    stats.inputTokens = VarInt.decodeLong(in);
    stats.outputTokens = VarInt.decodeLong(in);
    stats.extractionsFailed = VarInt.decodeLong(in);
    stats.pagesOverCreditBudget = VarInt.decodeLong(in);
    stats.crawlInputTokens = VarInt.decodeLong(in);
    stats.crawlOutputTokens = VarInt.decodeLong(in);
    stats.linkSelectionsFailed = VarInt.decodeLong(in);
    stats.pagesRendered = VarInt.decodeLong(in);
    stats.firstFetchStart = in.readLong();
    stats.creditsUsed = in.readDouble();
    for (int codes = VarInt.decodeInt(in); codes > 0; codes--) {
      stats.statusCodeCounts.put(VarInt.decodeInt(in), VarInt.decodeLong(in));
    }
    for (int i = 0; i < stats.pagesByChange.length; i++) {
      stats.pagesByChange[i] = VarInt.decodeLong(in);
    }
    return stats;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JobStats that
        && pagesCrawled == that.pagesCrawled
        && pagesFailed == that.pagesFailed
        && statusCodeCounts.equals(that.statusCodeCounts)
        && bytesFetched == that.bytesFetched
        && firstFetchStart == that.firstFetchStart
        && lastFetchEnd == that.lastFetchEnd
        && inputTokens == that.inputTokens
        && outputTokens == that.outputTokens
        && Double.compare(creditsUsed, that.creditsUsed) == 0
        && extractionsFailed == that.extractionsFailed
        && pagesOverCreditBudget == that.pagesOverCreditBudget
        && crawlInputTokens == that.crawlInputTokens
        && crawlOutputTokens == that.crawlOutputTokens
        && linkSelectionsFailed == that.linkSelectionsFailed
        && pagesRendered == that.pagesRendered
        && Arrays.equals(pagesByChange, that.pagesByChange);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        pagesCrawled, pagesFailed, statusCodeCounts, bytesFetched, firstFetchStart, lastFetchEnd,
        inputTokens, outputTokens, creditsUsed, extractionsFailed, pagesOverCreditBudget,
        crawlInputTokens, crawlOutputTokens, linkSelectionsFailed, pagesRendered, Arrays.hashCode(pagesByChange));
  }
}
