package io.beamcrawl.io;

import io.beamcrawl.crawl.CrawledPage;
import io.beamcrawl.crawl.PagesInFlight;
import io.beamcrawl.extract.ExtractedPage;
import io.beamcrawl.stats.Pricing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The pages an incremental crawl found unchanged, each with its earlier row's content: markdown,
 * data and extraction carried over at no model cost (what a page costs for being fetched it still
 * costs). Once the crawl is over, the earlier crawls' partitions are read through and each row of
 * an unchanged page is joined with the crawl's record of it: the crawl's side of the join is
 * small (no content) and the earlier rows stream past it, so no content waits in a group.
 */
public final class CarryOverUnchanged
    extends PTransform<PCollection<CrawledPage>, PCollection<ExtractedPage>> {

  private final String output;
  private final TreeMap<String, String> runByJob;
  private final Pricing pricing;
  private final PagesInFlight inFlight;

  private CarryOverUnchanged(
      String output, Map<String, String> runByJob, Pricing pricing, PagesInFlight inFlight) {
    this.output = output;
    this.runByJob = new TreeMap<>(runByJob);
    this.pricing = pricing;
    this.inFlight = inFlight;
  }

  /**
   * @param output the output directory the runs wrote into
   * @param runByJob per incremental job id, the run id of its earlier crawl
   */
  public static CarryOverUnchanged from(Path output, Map<String, String> runByJob, Pricing pricing) {
    return new CarryOverUnchanged(output.toString(), runByJob, pricing, PagesInFlight.unbounded());
  }

  /** The same, the carried pages counted in {@code bound} until they are {@link PagesInFlight#done}. */
  public CarryOverUnchanged withPagesInFlight(PagesInFlight bound) {
    return new CarryOverUnchanged(output, runByJob, pricing, bound);
  }

  @Override
  public PCollection<ExtractedPage> expand(PCollection<CrawledPage> unchanged) {
    PCollectionView<Map<String, CrawledPage>> found =
        unchanged
            .apply(
                "ByJobAndUrl",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(CrawledPage.class)))
                    .via((CrawledPage page) -> KV.of(key(page.entry().jobId(), page.entry().url()), page)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(CrawledPage.class)))
            .apply("AsMap", View.asMap());
    PCollectionList<ExtractedPage> carried = PCollectionList.empty(unchanged.getPipeline());
    for (String runId : new TreeSet<>(runByJob.values())) {
      String rows = Path.of(output, RunOutput.PAGES, "crawl=" + runId, "*.parquet").toString();
      carried =
          carried.and(
              unchanged
                  .getPipeline()
                  .apply("Partition " + runId, Create.of(rows))
                  .apply("Match " + runId, FileIO.matchAll())
                  .apply(
                      "Files " + runId,
                      MapElements.into(TypeDescriptors.strings())
                          .via((MatchResult.Metadata file) -> file.resourceId().toString()))
                  .apply(
                      "Carry " + runId,
                      ParDo.of(new CarryFn(found, runId, runByJob, pricing, inFlight))
                          .withSideInputs(found)));
    }
    return carried.apply("AllRuns", Flatten.pCollections());
  }

  private static String key(String jobId, String url) {
    return jobId + '\n' + url;
  }

  /**
   * Reads an earlier partition's file a row group at a time, carrying over the rows of pages
   * found unchanged. Splittable so that a call can stop between row groups when the run has no
   * room for more pages in flight ({@link PagesInFlight}): the Direct runner would otherwise read
   * every row before the steps after it take the first. Its first call waits for the crawl's
   * side of the join, so the rows are read only once the crawl is over.
   */
  @DoFn.BoundedPerElement
  static final class CarryFn extends DoFn<String, ExtractedPage> {
    /** How long a call with no room for more pages in flight waits before it looks again. */
    private static final org.joda.time.Duration ROOM_WAIT = org.joda.time.Duration.millis(200);

    private final PCollectionView<Map<String, CrawledPage>> found;
    private final String runId;
    private final Map<String, String> runByJob;
    private final Pricing pricing;
    private final PagesInFlight inFlight;

    CarryFn(
        PCollectionView<Map<String, CrawledPage>> found,
        String runId,
        Map<String, String> runByJob,
        Pricing pricing,
        PagesInFlight inFlight) {
      this.found = found;
      this.runId = runId;
      this.runByJob = runByJob;
      this.pricing = pricing;
      this.inFlight = inFlight;
    }

    @Setup
    public void setup() {
      inFlight.open();
    }

    @Teardown
    public void teardown() {
      inFlight.close();
    }

    @GetInitialRestriction
    public OffsetRange rowGroups(@Element String file) throws IOException {
      return new OffsetRange(0, blocks(file).size());
    }

    @ProcessElement
    public ProcessContinuation process(
        ProcessContext context, RestrictionTracker<OffsetRange, Long> tracker) throws IOException {
      Map<String, CrawledPage> unchanged = context.sideInput(found);
      String file = context.element();
      List<BlockMetaData> blocks = blocks(file);
      for (long group = tracker.currentRestriction().getFrom(); ; group++) {
        if (!inFlight.hasRoom()) {
          return ProcessContinuation.resume().withResumeDelay(ROOM_WAIT);
        }
        if (!tracker.tryClaim(group)) {
          return ProcessContinuation.stop();
        }
        BlockMetaData block = blocks.get((int) group);
        List<CrawledPage> carried = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader =
            AvroParquetReader.<GenericRecord>builder(input(file))
                .withFileRange(block.getStartingPos(), block.getStartingPos() + block.getCompressedSize())
                .build()) {
          for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
            ExtractedPage page = carry(row, unchanged);
            if (page != null) {
              context.output(page);
              carried.add(page.page());
            }
          }
        }
        inFlight.add(carried);
      }
    }

    /** The row as the page's row now, when it is the earlier row of a page found unchanged. */
    private ExtractedPage carry(GenericRecord row, Map<String, CrawledPage> unchanged) {
      String job = row.get("job_id").toString();
      if (!runId.equals(runByJob.get(job)) || !"success".equals(row.get("status").toString())) {
        return null;
      }
      CrawledPage page = unchanged.get(key(job, row.get("url").toString()));
      if (page == null) {
        return null;
      }
      ExtractedPage earlier = PageRecords.extractedFromRecord(row, job);
      return ExtractedPage.priced(
          page.carriedFrom(earlier.page()), earlier.extraction(), false, pricing);
    }

    private static List<BlockMetaData> blocks(String file) throws IOException {
      try (ParquetFileReader reader = ParquetFileReader.open(input(file))) {
        return reader.getFooter().getBlocks();
      }
    }

    private static InputFile input(String file) throws IOException {
      return HadoopInputFile.fromPath(
          new org.apache.hadoop.fs.Path(file), ParquetFiles.hadoopSettings());
    }
  }
}
