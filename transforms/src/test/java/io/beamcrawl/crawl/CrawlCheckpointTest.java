package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.io.WriteParquet;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.testing.DuckDb;
import io.beamcrawl.testing.TestWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A site whose crawl outlasts several of the Direct runner's checkpoints (one a second): every
 * page comes out exactly once, the job's URL counts come out once, at the end, and the first
 * pages are in a finished Parquet file while the crawl is still fetching.
 */
public class CrawlCheckpointTest {

  private static final int PAGES = 40;

  private static final Schema ROW = SchemaBuilder.record("row").fields().requiredString("url").endRecord();

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  private final TestWebServer server = TestWebServer.start("127.0.0.9");

  @After
  public void stop() {
    server.close();
  }

  @Test
  public void aLongCrawlIsHandedOnAndWrittenInBatchesWithNothingLostOrTwice() throws Exception {
    List<String> expected = server.homeLinkingTo(PAGES);
    server.setResponseDelay(Duration.ofMillis(75)); // one at a time: about 3 s, 3 checkpoints

    CrawlJob job =
        new CrawlJob(
            "slow", server.url("/"), List.of(server.url("/")), null, null, 100, 2, List.of(),
            List.of(), false, false, false, null, null, null);
    PCollectionTuple crawled =
        pipeline
            .apply(Create.of(job).withCoder(SerializableCoder.of(CrawlJob.class)))
            .apply(
                Crawl.of(TestCrawlSettings.of("checkpoint-test", 1))
                    .withBatches(3, Duration.ofMillis(200)));

    PAssert.that(
            crawled
                .get(Crawl.PAGES)
                .apply(MapElements.into(TypeDescriptors.strings()).via(page -> page.entry().url())))
        .containsInAnyOrder(expected);
    PAssert.that(crawled.get(Crawl.URL_COUNTS))
        .containsInAnyOrder(KV.of("slow", UrlCounts.of(UrlDecision.SCHEDULED, PAGES + 1)));
    Path table = folder.getRoot().toPath().resolve("pages");
    crawled
        .get(Crawl.PAGES)
        .apply(
            "ToRows",
            MapElements.into(TypeDescriptor.of(GenericRecord.class))
                .via(page -> new GenericRecordBuilder(ROW).set("url", page.entry().url()).build()))
        .setCoder(AvroCoder.of(GenericRecord.class, ROW))
        .apply(WriteParquet.of(ROW, table.toString()));

    AtomicReference<Instant> firstFile = new AtomicReference<>();
    Thread watcher = new Thread(() -> watchForAFinishedFile(table, firstFile));
    watcher.setDaemon(true);
    watcher.start();
    pipeline.run().waitUntilFinish();
    watcher.interrupt();

    Instant lastRequest = server.requests().get(server.requests().size() - 1).arrived();
    assertNotNull("no finished file was seen while the crawl ran", firstFile.get());
    assertTrue(
        "first file " + firstFile.get() + ", last request " + lastRequest,
        firstFile.get().isBefore(lastRequest));
    try (ResultSet rows =
        DuckDb.query(
            "select count(*), count(distinct url) from read_parquet('" + table + "/*.parquet')")) {
      rows.next();
      assertEquals(PAGES + 1, rows.getLong(1));
      assertEquals(PAGES + 1, rows.getLong(2));
    }
  }

  /** Notes when the first finished Parquet file (it ends with "PAR1") appears under {@code dir}. */
  private static void watchForAFinishedFile(Path dir, AtomicReference<Instant> seen) {
    while (seen.get() == null) {
      try (Stream<Path> files = Files.walk(dir)) {
        if (files.anyMatch(CrawlCheckpointTest::endsWithParquetMagic)) {
          seen.set(Instant.now());
        }
      } catch (IOException | UncheckedIOException notYet) {
        // no directory before the first file; temporary files are renamed as we look
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static boolean endsWithParquetMagic(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return bytes.length > 8
          && new String(bytes, bytes.length - 4, 4, StandardCharsets.US_ASCII).equals("PAR1");
    } catch (IOException notAFileOrGone) {
      return false;
    }
  }
}
