package io.beamcrawl.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.beam.sdk.values.KV;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.FileMetaData;
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
   * Groups files (path, size), in the order of their paths, into runs whose sizes add up to at
   * most {@code targetBytes}; a file larger than that is a group of its own.
   */
  static List<List<Path>> group(List<KV<String, Long>> files, long targetBytes) {
    List<KV<String, Long>> ordered = new ArrayList<>(files);
    ordered.sort(Comparator.comparing(KV::getKey));
    List<List<Path>> groups = new ArrayList<>();
    List<Path> current = new ArrayList<>();
    long bytes = 0;
    for (KV<String, Long> file : ordered) {
      if (!current.isEmpty() && bytes + file.getValue() > targetBytes) {
        groups.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(Path.of(file.getKey()));
      bytes += file.getValue();
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    return groups;
  }

  /**
   * Writes {@code joined}: the row groups of {@code sources}, in order, copied as they are
   * (nothing is decoded). The sources share one schema and writer.
   */
  static void join(List<Path> sources, Path joined) throws IOException {
    Configuration conf = ParquetFiles.hadoopSettings();
    conf.set("fs.file.impl", RawLocalFileSystem.class.getName()); // no .crc files
    FileMetaData first;
    try (ParquetFileReader reader = ParquetFileReader.open(input(sources.get(0), conf))) {
      first = reader.getFooter().getFileMetaData();
    }
    Files.deleteIfExists(joined); // left by an attempt that failed
    ParquetFileWriter writer =
        new ParquetFileWriter(
            HadoopOutputFile.fromPath(hadoopPath(joined), conf),
            first.getSchema(),
            ParquetFileWriter.Mode.CREATE,
            WriteParquet.ROW_GROUP_BYTES,
            0);
    try {
      writer.start();
      for (Path source : sources) {
        writer.appendFile(input(source, conf));
      }
      writer.end(first.getKeyValueMetaData());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(joined);
      throw e;
    }
  }

  private static HadoopInputFile input(Path file, Configuration conf) throws IOException {
    return HadoopInputFile.fromPath(hadoopPath(file), conf);
  }

  private static org.apache.hadoop.fs.Path hadoopPath(Path file) {
    return new org.apache.hadoop.fs.Path(file.toUri());
  }
}
