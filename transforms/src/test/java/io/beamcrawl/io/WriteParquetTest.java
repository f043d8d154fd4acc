package io.beamcrawl.io;

import static org.junit.Assert.assertEquals;
import static io.beamcrawl.testing.DuckDb.query;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WriteParquetTest {

  private static final Schema ROW =
      SchemaBuilder.record("row").fields().requiredLong("id").requiredString("text").endRecord();

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  /** A file a bundle wrote, gone before it was named, and its name not there: lost, so it fails. */
  @Test
  public void aWrittenFileThatIsGoneFailsInsteadOfBeingReportedAsWritten() throws Exception {
    Path dir = folder.getRoot().toPath().resolve("lost");
    Path temps = Files.createDirectories(dir.resolve(WriteParquet.TEMP_DIRECTORY));
    Path kept = Files.writeString(temps.resolve("a.parquet"), "rows");
    Path gone = temps.resolve("b.parquet");
    IOException failure =
        assertThrows(
            IOException.class,
            () -> WriteParquet.nameFiles(
                ParquetIO.sink(ROW), dir.toString(),
                List.of(KV.of(kept.toString(), 4L), KV.of(gone.toString(), 4L)), 1 << 20));
    assertThat(failure.getMessage(), containsString("b.parquet"));
    assertThat(failure.getMessage(), containsString("its rows are lost"));
  }

  /**
   * A retried naming step finds the files named already, and keeps them; one that finds an
   * attempt stopped while naming makes them again: the same names, each row once.
   */
  @Test
  public void namingAgainKeepsOrRemakesTheNamedFiles() throws Exception {
    Path dir = folder.getRoot().toPath().resolve("again");
    Path temps = Files.createDirectories(dir.resolve(WriteParquet.TEMP_DIRECTORY));
    ParquetIO.Sink sink = ParquetIO.sink(ROW);
    List<KV<String, Long>> written = List.of(
        sized(bundleFile(sink, temps.resolve("a.parquet"), 1, 50)),
        sized(bundleFile(sink, temps.resolve("b.parquet"), 51, 100)));
    List<String> first = WriteParquet.nameFiles(sink, dir.toString(), written, 1 << 20);
    assertEquals(List.of(dir.resolve("part-00000-of-00001.parquet").toString()), first);
    assertEquals(first, WriteParquet.nameFiles(sink, dir.toString(), written, 1 << 20));

    // Stopped while naming: the temporary files are still there beside a named one.
    Files.createDirectories(temps);
    bundleFile(sink, temps.resolve("a.parquet"), 1, 50);
    bundleFile(sink, temps.resolve("b.parquet"), 51, 100);
    assertEquals(first, WriteParquet.nameFiles(sink, dir.toString(), written, 1 << 20));
    assertFalse(Files.exists(temps));
    try (ResultSet result = query("select count(*), sum(id) from " + table(dir))) {
      result.next();
      assertEquals(100, result.getLong(1));
      assertEquals(5050, result.getLong(2));
    }
  }

  /** Stopped between two renames of files that were not joined: made again, each row once. */
  @Test
  public void namingStoppedBetweenRenamesIsMadeAgainWithEveryRow() throws Exception {
    Path dir = folder.getRoot().toPath().resolve("stopped");
    Path temps = Files.createDirectories(dir.resolve(WriteParquet.TEMP_DIRECTORY));
    ParquetIO.Sink sink = ParquetIO.sink(ROW);
    List<KV<String, Long>> written = List.of(
        sized(bundleFile(sink, temps.resolve("a.parquet"), 1, 50)),
        sized(bundleFile(sink, temps.resolve("b.parquet"), 51, 100)));
    // A target below either file: each is a file of its own, named without being joined.
    List<String> first = WriteParquet.nameFiles(sink, dir.toString(), written, 1);
    assertEquals(2, first.size());
    // As an attempt leaves it when stopped after the first rename: the sources still there.
    Files.delete(Path.of(first.get(1)));
    Files.createDirectories(temps);
    bundleFile(sink, temps.resolve("a.parquet"), 1, 50);
    bundleFile(sink, temps.resolve("b.parquet"), 51, 100);
    assertEquals(first, WriteParquet.nameFiles(sink, dir.toString(), written, 1));
    try (ResultSet result = query("select count(*), count(distinct id) from " + table(dir))) {
      result.next();
      assertEquals(100, result.getLong(1));
      assertEquals(100, result.getLong(2));
    }
  }

  @Test
  public void everyRowIsWrittenOnceUnderFinalNamesWithNothingTemporaryLeft() throws Exception {
    Path dir = folder.getRoot().toPath().resolve("table");
    // What a failed attempt would leave: never renamed, deleted at the end.
    Path stale = Files.createDirectories(dir.resolve(WriteParquet.TEMP_DIRECTORY)).resolve("x.parquet");
    Files.writeString(stale, "half a file");
    List<GenericRecord> rows = new ArrayList<>();
    for (long id = 1; id <= 1000; id++) {
      rows.add(row(id, "row " + id));
    }
    pipeline
        .apply(Create.of(rows).withCoder(AvroCoder.of(GenericRecord.class, ROW)))
        .apply(WriteParquet.of(ROW, dir.toString()));
    pipeline.run().waitUntilFinish();

    List<String> files = names(dir);
    assertFalse(files.isEmpty());
    for (int i = 0; i < files.size(); i++) {
      assertEquals(String.format("part-%05d-of-%05d.parquet", i, files.size()), files.get(i));
    }
    try (ResultSet result =
        query("select count(*), count(distinct id), sum(id) from " + table(dir))) {
      result.next();
      assertEquals(1000, result.getLong(1));
      assertEquals(1000, result.getLong(2));
      assertEquals(500500, result.getLong(3));
    }
  }

  @Test
  public void aTableWithoutRowsIsOneFileWithItsSchema() throws Exception {
    Path dir = folder.getRoot().toPath().resolve("empty");
    pipeline
        .apply(Create.empty(AvroCoder.of(GenericRecord.class, ROW)))
        .apply(WriteParquet.of(ROW, dir.toString()));
    pipeline.run().waitUntilFinish();

    assertEquals(List.of("part-00000-of-00001.parquet"), names(dir));
    try (ResultSet result = query("select count(*), count(text) from " + table(dir))) {
      result.next();
      assertEquals(0, result.getLong(1));
    }
  }

  /**
   * Small files become files of about the target size, their row groups copied as they are:
   * every row once, zstd-compressed.
   */
  @Test
  public void smallFilesBecomeFilesOfTheTargetSize() throws Exception {
    Path dir = folder.getRoot().toPath().resolve("joined");
    Path temps = Files.createDirectories(dir.resolve(WriteParquet.TEMP_DIRECTORY));
    ParquetIO.Sink sink =
        ParquetIO.sink(ROW).withCompressionCodec(ParquetFiles.DEFAULT.compression());
    List<KV<String, Long>> written = new ArrayList<>();
    long total = 0;
    for (int file = 0; file < 40; file++) {
      written.add(sized(bundleFile(sink, temps.resolve(String.format("t%02d.parquet", file)),
          file * 250L + 1, file * 250L + 250)));
      total += written.get(file).getValue();
    }
    long target = total / 8;
    List<String> files = WriteParquet.nameFiles(sink, dir.toString(), written, target);

    assertEquals(names(dir), files.stream().map(f -> Path.of(f).getFileName().toString()).toList());
    assertEquals(PartFiles.group(written, target).size(), files.size());
    assertTrue(files.size() + " files", files.size() >= 8 && files.size() <= 10);
    for (String file : files) { // joined without the sources' own footers: no larger
      assertTrue(Files.size(Path.of(file)) + " bytes", Files.size(Path.of(file)) <= target);
    }
    assertFalse(Files.exists(temps));
    try (ResultSet result =
        query("select count(*), count(distinct id), sum(id) from " + table(dir))) {
      result.next();
      assertEquals(10_000, result.getLong(1));
      assertEquals(10_000, result.getLong(2));
      assertEquals(50_005_000, result.getLong(3));
    }
    try (ResultSet result = query(
        "select count(distinct (file_name, row_group_id)), min(compression), max(compression)"
            + " from parquet_metadata('" + dir + "/*.parquet')")) {
      result.next();
      assertEquals("the sources' row groups, copied", 40, result.getLong(1));
      assertEquals("ZSTD", result.getString(2));
      assertEquals("ZSTD", result.getString(3));
    }
  }

  private static KV<String, Long> sized(Path file) throws IOException {
    return KV.of(file.toString(), Files.size(file));
  }

  @Test
  public void filesAreGroupedInOrderUpToTheTargetAndALargeOneAlone() {
    List<KV<String, Long>> files =
        List.of(KV.of("/t/e", 1L), KV.of("/t/a", 3L), KV.of("/t/c", 3L), KV.of("/t/b", 3L),
            KV.of("/t/d", 9L));
    assertEquals(
        List.of(
            List.of(Path.of("/t/a"), Path.of("/t/b")),
            List.of(Path.of("/t/c")),
            List.of(Path.of("/t/d")),
            List.of(Path.of("/t/e"))),
        PartFiles.group(files, 6));
  }

  /** Rows gathered into row groups first: a pipeline's rows in one file and row group. */
  @Test
  public void gatheredRowsAreWrittenOnceInRowGroups() throws Exception {
    Path dir = folder.getRoot().toPath().resolve("gathered");
    List<GenericRecord> rows = new ArrayList<>();
    for (long id = 1; id <= 1000; id++) {
      rows.add(row(id, "row " + id));
    }
    pipeline
        .apply(Create.of(rows).withCoder(AvroCoder.of(GenericRecord.class, ROW)))
        .apply(WriteParquet.of(ROW, dir.toString())
            .withFiles(ParquetFiles.DEFAULT.gatheringRowGroups(true)));
    pipeline.run().waitUntilFinish();

    assertEquals(List.of("part-00000-of-00001.parquet"), names(dir));
    try (ResultSet result = query(
        "select count(*), count(distinct id), sum(id) from " + table(dir))) {
      result.next();
      assertEquals(1000, result.getLong(1));
      assertEquals(1000, result.getLong(2));
      assertEquals(500500, result.getLong(3));
    }
    try (ResultSet result = query(
        "select count(distinct row_group_id) from parquet_metadata('" + dir + "/*.parquet')")) {
      result.next();
      assertTrue(result.getLong(1) + " row groups", result.getLong(1) <= 2); // one a writer
    }
  }

  /** A file as a bundle writes it, rows {@code from} to {@code to}. */
  private static Path bundleFile(ParquetIO.Sink sink, Path path, long from, long to)
      throws IOException {
    try (FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      sink.open(channel);
      for (long id = from; id <= to; id++) {
        sink.write(row(id, "row " + id + " " + Long.toString(id * 7919L * 104729L, 36).repeat(8)));
      }
      sink.flush();
    }
    return path;
  }

  private static GenericRecord row(long id, String text) {
    GenericRecord row = new GenericData.Record(ROW);
    row.put("id", id);
    row.put("text", text);
    return row;
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  private static String table(Path dir) {
    return "read_parquet('" + dir + "/*.parquet')";
  }

}
