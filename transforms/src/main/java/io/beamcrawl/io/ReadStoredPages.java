package io.beamcrawl.io;

import io.beamcrawl.crawl.CrawledPage;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Reads one job's pages back from a pages partition an earlier run wrote, as crawled pages filed
 * under a new job: the input of a re-extraction, which needs no fetching.
 */
public final class ReadStoredPages extends PTransform<PBegin, PCollection<CrawledPage>> {

  private final String partition;
  private final String sourceJobId;
  private final String jobId;
  private final boolean onlyFailedExtractions;

  private ReadStoredPages(
      String partition, String sourceJobId, String jobId, boolean onlyFailedExtractions) {
    this.partition = partition;
    this.sourceJobId = sourceJobId;
    this.jobId = jobId;
    this.onlyFailedExtractions = onlyFailedExtractions;
  }

  /**
   * @param partition a pages partition directory ({@code OUTPUT/pages/crawl=RUN_ID})
   * @param onlyFailedExtractions keep only the pages whose extraction failed
   */
  public static ReadStoredPages of(
      String partition, String sourceJobId, String jobId, boolean onlyFailedExtractions) {
    return new ReadStoredPages(partition, sourceJobId, jobId, onlyFailedExtractions);
  }

  @Override
  public PCollection<CrawledPage> expand(PBegin input) {
    String source = sourceJobId;
    String target = jobId;
    boolean onlyFailed = onlyFailedExtractions;
    return input
        .apply(
            "ReadPages",
            ParquetIO.read(Schemas.PAGE)
                .withConfiguration(ParquetFiles.hadoopSettings())
                .from(partition + "/*.parquet"))
        .apply(
            "OfTheJob",
            Filter.by(
                (GenericRecord row) ->
                    source.equals(row.get("job_id").toString())
                        && (!onlyFailed || (Boolean) row.get("ai_extraction_failed"))))
        .apply(
            "AsCrawledPages",
            MapElements.into(TypeDescriptor.of(CrawledPage.class))
                .via((GenericRecord row) -> PageRecords.fromRecord(row, target)));
  }
}
