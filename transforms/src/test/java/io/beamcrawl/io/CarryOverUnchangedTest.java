package io.beamcrawl.io;

import static org.junit.Assert.assertTrue;

import io.beamcrawl.crawl.CrawledPage;
import io.beamcrawl.crawl.PagesInFlight;
import io.beamcrawl.extract.ExtractedPage;
import io.beamcrawl.fetch.FetchResult;
import io.beamcrawl.fetch.Header;
import io.beamcrawl.model.ChangeStatus;
import io.beamcrawl.model.FrontierUrl;
import io.beamcrawl.stats.Pricing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The unchanged pages' earlier rows are carried over from a file of many row groups, the read
 * stopping between them while the pages in flight are at their bound: every unchanged page once,
 * with its earlier data, and no other.
 */
public class CarryOverUnchangedTest {

  private static final int ROWS = 30;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void everyUnchangedPageIsCarriedOnceAcrossRowGroupsAndStops() throws Exception {
    Path output = folder.newFolder().toPath();
    Path partition = output.resolve("pages").resolve("crawl=run-1");
    Files.createDirectories(partition);
    org.apache.hadoop.fs.Path file =
        new org.apache.hadoop.fs.Path(partition.resolve("part-0.parquet").toUri());
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(file, new Configuration()))
            .withSchema(Schemas.PAGE)
            .withRowGroupSize(2048L)
            .withMinRowCountForPageSizeCheck(1)
            .withMaxRowCountForPageSizeCheck(1)
            .build()) {
      for (int i = 0; i < ROWS; i++) {
        writer.write(StoredEarlierCrawlsTest.row("j", "/p" + i, 200, List.of()));
      }
      writer.write(StoredEarlierCrawlsTest.row("other", "/p0", 200, List.of()));
    }
    try (ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromPath(file, new Configuration()))) {
      assertTrue("row groups to stop between", reader.getFooter().getBlocks().size() >= 5);
    }

    // Every other page was found unchanged by this crawl.
    List<CrawledPage> unchanged = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < ROWS; i += 2) {
      String url = "https://site.test/p" + i;
      FetchResult notModified =
          new FetchResult(url, url, List.of(), "GET", 304, List.of(new Header("If-None-Match", "x")),
              List.of(), List.of(), null, null, 1_800_000_000_000L, 3, null, 0, false, null, null,
              null, null);
      unchanged.add(
          new CrawledPage(new FrontierUrl("j", url, 1, "https://site.test/"), notModified, null, null,
                  "sha256:x", 0, 1)
              .withChange(ChangeStatus.UNCHANGED, "run-1"));
      expected.add(url + " {} 200 unchanged 1800000000000");
    }

    PagesInFlight bound = PagesInFlight.atMost("carry-over-test", 1);
    PCollection<String> carried =
        pipeline
            .apply(Create.of(unchanged).withCoder(SerializableCoder.of(CrawledPage.class)))
            .apply(
                CarryOverUnchanged.from(output, Map.of("j", "run-1"), Pricing.DEFAULT)
                    .withPagesInFlight(bound))
            .apply(bound.done(ExtractedPage::page))
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via((ExtractedPage page) ->
                        page.page().entry().url() + " " + page.extraction().dataJson() + " "
                            + page.page().fetch().statusCode() + " "
                            + page.page().change().columnValue() + " "
                            + page.page().fetch().startedAtMillis()));
    PAssert.that(carried).containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }
}
