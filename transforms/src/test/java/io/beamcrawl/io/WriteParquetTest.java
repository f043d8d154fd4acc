package io.beamcrawl.io;

import static org.junit.Assert.assertEquals;
import static io.beamcrawl.testing.DuckDb.query;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
                ParquetIO.sink(ROW), dir.toString(), List.of(kept.toString(), gone.toString())));
    assertThat(failure.getMessage(), containsString("b.parquet"));
    assertThat(failure.getMessage(), containsString("its rows are lost"));
  }

  /** A retried naming step finds its files named already: the same names, nothing lost. */
  @Test
  public void namingAgainAfterAnAttemptThatNamedTheFilesKeepsThem() throws Exception {
    Path dir = folder.getRoot().toPath().resolve("again");
    Path temps = Files.createDirectories(dir.resolve(WriteParquet.TEMP_DIRECTORY));
    List<String> written =
        List.of(
            Files.writeString(temps.resolve("a.parquet"), "a").toString(),
            Files.writeString(temps.resolve("b.parquet"), "b").toString());
    List<String> first = WriteParquet.nameFiles(ParquetIO.sink(ROW), dir.toString(), written);
    List<String> second = WriteParquet.nameFiles(ParquetIO.sink(ROW), dir.toString(), written);
    assertEquals(first, second);
    assertEquals("b", Files.readString(Path.of(first.get(1))));
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
