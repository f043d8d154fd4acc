package io.beamcrawl.io;

import io.beamcrawl.crawl.CrawledPage;
import io.beamcrawl.crawl.PageCrawler;
import io.beamcrawl.extract.ExtractedPage;
import io.beamcrawl.fetch.Header;
import io.beamcrawl.model.EarlierPage;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Reads back, for each incremental job, the successful pages of its earlier crawl from the pages
 * partition that crawl's run wrote: what an incremental crawl compares with and carries over.
 */
public final class ReadEarlierCrawls extends PTransform<PBegin, PCollection<ExtractedPage>> {

  private final String output;
  private final Map<String, String> runByJob;

  private ReadEarlierCrawls(String output, Map<String, String> runByJob) {
    this.output = output;
    this.runByJob = new TreeMap<>(runByJob);
  }

  /**
   * @param output the output directory the runs wrote into
   * @param runByJob per incremental job id, the run id of its earlier crawl
   */
  public static ReadEarlierCrawls of(Path output, Map<String, String> runByJob) {
    return new ReadEarlierCrawls(output.toString(), runByJob);
  }

  @Override
  public PCollection<ExtractedPage> expand(PBegin input) {
    PCollectionList<ExtractedPage> runs = PCollectionList.empty(input.getPipeline());
    for (String runId : new TreeSet<>(runByJob.values())) {
      Map<String, String> jobs = runByJob;
      String partition = Path.of(output, RunOutput.PAGES, "crawl=" + runId).toString();
      runs =
          runs.and(
              input
                  .apply("Read " + runId, ParquetIO.read(Schemas.PAGE).from(partition + "/*.parquet"))
                  .apply(
                      "Successes " + runId,
                      Filter.by(
                          (GenericRecord row) ->
                              runId.equals(jobs.get(row.get("job_id").toString()))
                                  && "success".equals(row.get("status").toString())))
                  .apply(
                      "AsPages " + runId,
                      MapElements.into(TypeDescriptor.of(ExtractedPage.class))
                          .via((GenericRecord row) ->
                              PageRecords.extractedFromRecord(row, row.get("job_id").toString()))));
    }
    return runs.apply("AllRuns", Flatten.pCollections());
  }

  /** What the crawl keeps of an earlier page, keyed by its job id. */
  public static final class ToEarlierPage
      extends SimpleFunction<ExtractedPage, KV<String, EarlierPage>> {
    @Override
    public KV<String, EarlierPage> apply(ExtractedPage extracted) {
      CrawledPage page = extracted.page();
      String markdown = page.parsed() == null ? null : page.parsed().markdown();
      return KV.of(
          page.entry().jobId(),
          new EarlierPage(
              page.entry().url(),
              page.entry().depth(),
              page.entry().parentUrl(),
              header(page, "ETag"),
              header(page, "Last-Modified"),
              page.contentDigest(),
              page.links(),
              page.parsed() == null ? null : page.parsed().title(),
              PageCrawler.opening(markdown)));
    }

    private static String header(CrawledPage page, String name) {
      for (Header header : page.fetch().responseHeaders()) {
        if (header.name().equalsIgnoreCase(name)) {
          return header.value();
        }
      }
      return null;
    }
  }
}
