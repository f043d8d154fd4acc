package io.beamcrawl.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes rows of one table as Snappy-compressed Parquet files {@code part-NNNNN-of-NNNNN.parquet}
 * into a directory: one file per bundle of rows, written as soon as the bundle is done, so rows
 * never wait for the end of their input. (FileIO's writes with runner-chosen sharding do on the
 * Direct runner, which counts the whole input first to choose the number of files.)
 *
 * <p>Each bundle writes under a temporary name in {@value #TEMP_DIRECTORY}; once every bundle
 * has succeeded, the files are given their final names and the temporary directory, with what
 * failed attempts left in it, is deleted. Readers never see a half-written file. A table without
 * rows gets one file without rows, so that it can still be read with its schema.
 */
public final class WriteParquet extends PTransform<PCollection<GenericRecord>, PCollection<String>> {

  static final String TEMP_DIRECTORY = ".temp-parquet";

  private final Schema schema;
  private final String directory;

  private WriteParquet(Schema schema, String directory) {
    this.schema = schema;
    this.directory = directory;
  }

  public static WriteParquet of(Schema schema, String directory) {
    return new WriteParquet(schema, directory);
  }

  /** @return the files written, by their final paths */
  @Override
  public PCollection<String> expand(PCollection<GenericRecord> rows) {
    ParquetIO.Sink sink = ParquetIO.sink(schema).withCompressionCodec(CompressionCodecName.SNAPPY);
    return rows.apply("WriteBundles", ParDo.of(new WriteBundleFn(sink, directory)))
        .setCoder(StringUtf8Coder.of())
        .apply("AllBundles", Combine.globally(new ToListFn()))
        .setCoder(ListCoder.of(StringUtf8Coder.of()))
        .apply("NameFiles", ParDo.of(new NameFilesFn(sink, directory)));
  }

  /** Writes each bundle's rows into a file of its own, under a temporary name. */
  private static final class WriteBundleFn extends DoFn<GenericRecord, String> {
    private final ParquetIO.Sink sink;
    private final String directory;
    private transient FileChannel file;
    private transient Path path;

    WriteBundleFn(ParquetIO.Sink sink, String directory) {
      this.sink = sink;
      this.directory = directory;
    }

    @ProcessElement
    public void process(@Element GenericRecord row) throws IOException {
      if (file == null) {
        Path temp = Files.createDirectories(Path.of(directory, TEMP_DIRECTORY));
        path = temp.resolve(UUID.randomUUID() + ".parquet");
        file = open(path);
        sink.open(file);
      }
      sink.write(row);
    }

    @FinishBundle
    public void finish(FinishBundleContext context) throws IOException {
      if (file != null) {
        sink.flush(); // writes the footer
        file.close();
        file = null;
        context.output(path.toString(), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
    }
  }

  /** Gives the bundles' files their final names and deletes the temporary directory. */
  private static final class NameFilesFn extends DoFn<List<String>, String> {
    private final ParquetIO.Sink sink;
    private final String directory;

    NameFilesFn(ParquetIO.Sink sink, String directory) {
      this.sink = sink;
      this.directory = directory;
    }

    @ProcessElement
    public void process(@Element List<String> written, OutputReceiver<String> out)
        throws IOException {
      nameFiles(sink, directory, written).forEach(out::output);
    }
  }

  /**
   * Names the files {@code written} by the bundles {@code part-NNNNN-of-NNNNN.parquet} in
   * {@code directory}, in the order of their temporary names (an empty table gets one file with
   * no rows), deletes the temporary directory and returns the names. A temporary file already
   * gone was named by an earlier attempt at this step; one gone whose name is not there either is
   * a lost file, and fails the step rather than be reported as written.
   */
  static List<String> nameFiles(ParquetIO.Sink sink, String directory, List<String> written)
      throws IOException {
    Path dir = Files.createDirectories(Path.of(directory));
    List<String> temps = written.stream().sorted().toList();
    int files = Math.max(temps.size(), 1);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      Path target = dir.resolve(String.format("part-%05d-of-%05d.parquet", i, files));
      if (temps.isEmpty()) {
        try (FileChannel empty = open(target)) {
          sink.open(empty);
          sink.flush();
        }
      } else if (Files.exists(Path.of(temps.get(i)))) {
        Files.move(Path.of(temps.get(i)), target, StandardCopyOption.ATOMIC_MOVE);
      } else if (!Files.exists(target)) {
        throw new IOException(
            "the file " + temps.get(i) + " that a bundle wrote is gone and " + target
                + " was never named: its rows are lost (was the output directory cleaned"
                + " during the run?); run the crawl again");
      }
      names.add(target.toString());
    }
    deleteRecursively(dir.resolve(TEMP_DIRECTORY));
    return names;
  }

  private static FileChannel open(Path path) throws IOException {
    return FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Every file name, in one list; an empty list for no files. */
  private static final class ToListFn extends Combine.CombineFn<String, List<String>, List<String>> {
    @Override
    public List<String> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<String> addInput(List<String> names, String name) {
      names.add(name);
      return names;
    }

    @Override
    public List<String> mergeAccumulators(Iterable<List<String>> lists) {
      List<String> all = new ArrayList<>();
      lists.forEach(all::addAll);
      return all;
    }

    @Override
    public List<String> extractOutput(List<String> names) {
      return names;
    }
  }
}
