package io.beamcrawl.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.crawl.CrawledPage;
import io.beamcrawl.extract.ExtractedPage;
import io.beamcrawl.extract.ExtractionResult;
import io.beamcrawl.fetch.FetchResult;
import io.beamcrawl.fetch.Header;
import io.beamcrawl.model.EarlierPage;
import io.beamcrawl.model.FrontierUrl;
import io.beamcrawl.model.PageLink;
import io.beamcrawl.parse.ParsedPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What an incremental crawl reads back of the earlier partitions, this version's and older. */
public class StoredEarlierCrawlsTest {

  private static final List<String> ADDED_SINCE = List.of("links", "change_status", "previous_crawl");

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  static GenericRecord row(String job, String path, int status, List<PageLink> links) {
    String url = "https://site.test" + path;
    FetchResult fetch =
        new FetchResult(
            url, url, List.of(), "GET", status, List.of(),
            List.of(new Header("ETag", "\"e-" + path + "\""),
                new Header("Last-Modified", "Mon, 02 Nov 2026 10:00:00 GMT")),
            List.of(), null, null, 1_700_000_000_000L, 5, null, 100, false, "text/html", null,
            status == 200 ? null : io.beamcrawl.fetch.FetchError.HTTP_ERROR, null);
    ParsedPage parsed =
        new ParsedPage("Title " + path, "<p>x</p>", "UTF-8", List.of(), null, false, false, List.of(),
            "# Title " + path + "\n\nText.", null);
    CrawledPage page =
        new CrawledPage(
            new FrontierUrl(job, url, 1, "https://site.test/"), fetch, status == 200 ? parsed : null,
            "text/html", "sha256:" + path.length(), 1, 1, null, null, false, null, links, null, null,
            null);
    return PageRecords.toRecord(
        new ExtractedPage(page, status == 200 ? ExtractionResult.of("{}") : null, 1, false), true);
  }

  /** The same row as a partition written before {@link #ADDED_SINCE} existed has it. */
  private static GenericRecord older(GenericRecord row) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : Schemas.PAGE.getFields()) {
      if (!ADDED_SINCE.contains(field.name())) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    Schema schema = Schema.createRecord("Page", null, "io.beamcrawl", false, fields);
    GenericRecord old = new GenericData.Record(schema);
    for (Schema.Field field : fields) {
      old.put(field.name(), row.get(field.name()));
    }
    return old;
  }

  private void write(Path output, String runId, List<GenericRecord> rows) throws Exception {
    Path partition = output.resolve("pages").resolve("crawl=" + runId);
    Files.createDirectories(partition);
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(partition.resolve("part-0.parquet").toUri());
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(file, new Configuration()))
            .withSchema(rows.get(0).getSchema())
            .build()) {
      for (GenericRecord row : rows) {
        writer.write(row);
      }
    }
  }

  @Test
  public void readsTheJobsSuccessesWithTheirValidatorsAndLinks() throws Exception {
    Path output = tmp.newFolder().toPath();
    List<PageLink> links = List.of(new PageLink("https://site.test/b", "B", "Heading"));
    write(output, "run-1", List.of(
        row("j", "/a", 200, links), row("j", "/gone", 404, List.of()), row("other", "/a", 200, links)));

    Map<String, Map<String, EarlierPage>> read =
        StoredEarlierCrawls.of(output, Map.of("j", "run-1"), Set.of()).read();
    assertEquals(Set.of("j"), read.keySet());
    Map<String, EarlierPage> pages = read.get("j");
    assertEquals("only successes", Set.of("https://site.test/a"), pages.keySet());
    EarlierPage page = pages.get("https://site.test/a");
    assertEquals("\"e-/a\"", page.etag());
    assertEquals("Mon, 02 Nov 2026 10:00:00 GMT", page.lastModified());
    assertEquals("sha256:2", page.contentDigest());
    assertEquals(links, page.links());
    assertEquals(1, page.depth());
    assertEquals("Title /a", page.title());
    assertNull("no crawl instruction: no opening read", page.opening());
    assertTrue(page.revalidates());

    EarlierPage guided =
        StoredEarlierCrawls.of(output, Map.of("j", "run-1"), Set.of("j")).read().get("j")
            .get("https://site.test/a");
    assertEquals("# Title /a\n\nText.", guided.opening());
  }

  @Test
  public void aPartitionWrittenBeforeLinksWereStoredIsComparedByDigestOnly() throws Exception {
    Path output = tmp.newFolder().toPath();
    write(output, "old", List.of(older(row("j", "/a", 200, List.of()))));
    EarlierPage page =
        StoredEarlierCrawls.of(output, Map.of("j", "old"), Set.of()).read().get("j")
            .get("https://site.test/a");
    assertEquals("sha256:2", page.contentDigest());
    assertNull(page.links());
    assertFalse("no links to follow from a 304: not asked with validators", page.revalidates());
  }
}
