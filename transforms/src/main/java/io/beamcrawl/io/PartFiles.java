package io.beamcrawl.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/** A table's Parquet files as a reader finds them: named in order, each of about a target size. */
final class PartFiles {

  private static final Pattern NAME = Pattern.compile("part-\\d{5}-of-\\d{5}\\.parquet");

  private PartFiles() {}

  static String name(int index, int files) {
    return String.format("part-%05d-of-%05d.parquet", index, files);
  }

  /** The files of {@code dir} with a final name, in order. */
  static List<Path> named(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> NAME.matcher(f.getFileName().toString()).matches()).sorted().toList();
    }
  }

  /**
   * Writes the rows of {@code sources}, in order, into files in {@code directory} of about
   * {@code files}' target size (the first smaller: the cut learns from it), in row groups of up to {@link WriteParquet#MAX_ROW_GROUP_BYTES} however small the sources' were. No sources
   * give one file without rows.
   *
   * @return the files written, in order
   */
  static List<Path> rewrite(List<Path> sources, Path directory, Schema schema, ParquetFiles files)
      throws IOException {
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", RawLocalFileSystem.class.getName()); // no .crc files
    conf.setBoolean("fs.file.impl.disable.cache", true);
    List<Path> written = new ArrayList<>();
    ParquetWriter<GenericRecord> out = null;
    // The writer's size of a file counts more than it then writes (by a steady share, the pages
    // being small): the cut is scaled by what the files so far came to beside that count.
    double counted = 0;
    double wrote = 0;
    long cut = files.targetBytes();
    try {
      out = next(directory, written, schema, files, conf);
      for (Path source : sources) {
        try (ParquetReader<GenericRecord> rows =
            AvroParquetReader.<GenericRecord>builder(
                    HadoopInputFile.fromPath(hadoopPath(source), conf))
                .withDataModel(GenericData.get())
                .withConf(conf)
                .build()) {
          for (GenericRecord row = rows.read(); row != null; row = rows.read()) {
            if (out.getDataSize() >= cut) {
              counted += out.getDataSize();
              out.close();
              wrote += Files.size(written.get(written.size() - 1));
              cut = (long) (files.targetBytes() * counted / wrote);
              out = next(directory, written, schema, files, conf);
            }
            out.write(row);
          }
        }
      }
    } finally {
      if (out != null) {
        out.close();
      }
    }
    return written;
  }

  private static ParquetWriter<GenericRecord> next(
      Path directory, List<Path> written, Schema schema, ParquetFiles files, Configuration conf)
      throws IOException {
    Path file = directory.resolve(String.format("cut-%05d.parquet", written.size()));
    Files.deleteIfExists(file); // left by an attempt that failed
    written.add(file);
    return AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(hadoopPath(file), conf))
        .withSchema(schema)
        .withDataModel(GenericData.get())
        .withCompressionCodec(files.compression())
        .withRowGroupSize(Math.min(files.targetBytes(), WriteParquet.MAX_ROW_GROUP_BYTES))
        // The writer's size counts each column's open page and dictionary before they are
        // compressed: pages small beside the target keep that count, and the cut, close to the
        // bytes written.
        .withPageSize(pageBytes(files))
        .withDictionaryPageSize(pageBytes(files))
        .withConf(conf)
        .build();
  }

  private static int pageBytes(ParquetFiles files) {
    return (int) Math.max(8 << 10, Math.min(1 << 20, files.targetBytes() / 64));
  }

  private static org.apache.hadoop.fs.Path hadoopPath(Path file) {
    return new org.apache.hadoop.fs.Path(file.toUri());
  }
}
