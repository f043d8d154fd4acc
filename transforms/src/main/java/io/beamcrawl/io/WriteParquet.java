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
 * Writes rows of one table as Parquet files {@code part-NNNNN-of-NNNNN.parquet} into a directory,
 * each of about a target size ({@link ParquetFiles}: 128 MiB, zstd, by default) and one row
 * group of it (at most {@value #MAX_ROW_GROUP_BYTES} bytes), what lake engines read as a unit.
 *
 * <p>Rows are written as they come, a file per bundle, so they never wait for the end of their
 * input (FileIO's writes with runner-chosen sharding do on the Direct runner, which counts the
 * whole input first). These files have temporary names in {@value #TEMP_DIRECTORY}. Once every
 * bundle has succeeded, their rows are written again, in the order of those names, into files
 * cut at the target size, which then get their final names; the temporary directory, with what
 * failed attempts left in it, is deleted last. Readers never see a half-written file. A table
 * without rows gets one file without rows, so that it can still be read with its schema.
 */
public final class WriteParquet extends PTransform<PCollection<GenericRecord>, PCollection<String>> {

  static final String TEMP_DIRECTORY = ".temp-parquet";
  /** Also the most a writer holds in memory before it writes a row group out. */
  static final int MAX_ROW_GROUP_BYTES = 128 << 20;

  private final Schema schema;
  private final String directory;
  private final ParquetFiles files;

  private WriteParquet(Schema schema, String directory, ParquetFiles files) {
    this.schema = schema;
    this.directory = directory;
    this.files = files;
  }

  public static WriteParquet of(Schema schema, String directory) {
    return new WriteParquet(schema, directory, ParquetFiles.DEFAULT);
  }

  /** Files cut and compressed as {@code files} says. */
  public WriteParquet withFiles(ParquetFiles files) {
    return new WriteParquet(schema, directory, files);
  }

  /** @return the files written, by their final paths */
  @Override
  public PCollection<String> expand(PCollection<GenericRecord> rows) {
    ParquetIO.Sink sink =
        ParquetIO.sink(schema)
            .withCompressionCodec(files.compression())
            .withRowGroupSize((int) Math.min(files.targetBytes(), MAX_ROW_GROUP_BYTES));
    return rows.apply("WriteBundles", ParDo.of(new WriteBundleFn(sink, directory)))
        .setCoder(StringUtf8Coder.of())
        .apply("AllBundles", Combine.globally(new ToListFn()))
        .setCoder(ListCoder.of(StringUtf8Coder.of()))
        .apply("NameFiles", ParDo.of(new NameFilesFn(schema, directory, files)));
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

  /** Writes the bundles' rows into files of the target size and names them. */
  private static final class NameFilesFn extends DoFn<List<String>, String> {
    // Avro's Schema is not serializable on every version: kept as its JSON.
    private final String schema;
    private final String directory;
    private final ParquetFiles files;
    private transient Schema parsed;

    NameFilesFn(Schema schema, String directory, ParquetFiles files) {
      this.schema = schema.toString();
      this.directory = directory;
      this.files = files;
    }

    @ProcessElement
    public void process(@Element List<String> written, OutputReceiver<String> out)
        throws IOException {
      if (parsed == null) {
        parsed = new Schema.Parser().parse(schema);
      }
      nameFiles(parsed, directory, written, files).forEach(out::output);
    }
  }

  /**
   * Writes the rows of the files {@code written} by the bundles, in the order of their temporary
   * names, into files of about {@code files}' target size (an empty table gets one file with no
   * rows), names them {@code part-NNNNN-of-NNNNN.parquet} in {@code directory}, deletes the
   * temporary directory and returns the names. Named files with no temporary directory beside
   * them are an earlier attempt's finished work, and are kept; named files beside it, an attempt
   * that stopped while naming, are made again. A written file gone before this is a lost file,
   * and fails the step rather than be reported as written.
   */
  static List<String> nameFiles(
      Schema schema, String directory, List<String> written, ParquetFiles files)
      throws IOException {
    Path dir = Files.createDirectories(Path.of(directory));
    Path temp = dir.resolve(TEMP_DIRECTORY);
    List<Path> named = PartFiles.named(dir);
    if (!Files.exists(temp) && !named.isEmpty()) {
      return named.stream().map(Path::toString).toList();
    }
    for (Path file : named) {
      Files.delete(file);
    }
    List<Path> sources = written.stream().sorted().map(Path::of).toList();
    for (Path source : sources) {
      if (!Files.exists(source)) {
        throw new IOException(
            "the file " + source + " that a bundle wrote is gone: its rows are lost (was the"
                + " output directory cleaned during the run?); run the crawl again");
      }
    }
    List<Path> cut = PartFiles.rewrite(sources, Files.createDirectories(temp), schema, files);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < cut.size(); i++) {
      Path target = dir.resolve(PartFiles.name(i, cut.size()));
      Files.move(cut.get(i), target, StandardCopyOption.ATOMIC_MOVE);
      names.add(target.toString());
    }
    deleteRecursively(temp);
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
