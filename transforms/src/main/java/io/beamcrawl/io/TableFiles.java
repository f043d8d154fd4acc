package io.beamcrawl.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Reads a table's Parquet files in a directory (a partition, or a run's staged table) back on one
 * thread: the summary, the report and an incremental crawl's comparison read what was written.
 */
public final class TableFiles {

  private TableFiles() {}

  /**
   * {@code table}'s schema cut to {@code columns}, to read with: a file written before one of them
   * existed reads it as its default.
   */
  public static Schema projection(Schema table, Collection<String> columns) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : table.getFields()) {
      if (columns.contains(field.name())) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    return Schema.createRecord(table.getName(), null, table.getNamespace(), false, fields);
  }

  /**
   * Gives {@code rows} every row of the directory's {@code .parquet} files, file by file in name
   * order; only the columns of {@code projection} unless it is null. A missing directory has none.
   */
  public static void read(Path directory, Schema projection, Consumer<GenericRecord> rows)
      throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
    Configuration conf = ParquetFiles.hadoopSettings();
    if (projection != null) {
      AvroReadSupport.setRequestedProjection(conf, projection);
      AvroReadSupport.setAvroReadSchema(conf, projection);
    }
    for (Path file : files) {
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(
                  HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))
              .withConf(conf)
              .build()) {
        for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
          rows.accept(row);
        }
      }
    }
  }
}
