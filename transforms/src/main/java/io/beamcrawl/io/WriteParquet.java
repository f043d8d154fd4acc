package io.beamcrawl.io;

import java.io.IOException;
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
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupIntoBatches;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes rows of one table as Parquet files {@code part-NNNNN-of-NNNNN.parquet} into a directory,
 * each of about a target size ({@link ParquetFiles}: 128 MiB, zstd, by default), in row groups of
 * about {@value #ROW_GROUP_BYTES} bytes before compression, what lake engines read as a unit.
 *
 * <p>Rows are written as they come, so they never wait for the end of their input (FileIO's
 * writes with runner-chosen sharding do on the Direct runner, which counts the whole input
 * first): a file per bundle (a new one past the target size), or, {@link
 * ParquetFiles#gatherRowGroups gathered} first for a runner whose bundles are small, a file per
 * row group's worth of rows (or a quarter of the target size, if less), by one writer (a row
 * group's rows, encoded, held in memory at most: more
 * writers only keep more rows alive for the collector to copy).
 * These files have temporary names in {@value #TEMP_DIRECTORY}. Once every one is written,
 * consecutive ones are joined into files of about the target size by copying their row groups
 * as they are (nothing is decoded again), and named; the temporary directory, with what failed
 * attempts left in it, is deleted last. Readers never see a half-written file. A table without
 * rows gets one file without rows, so that it can still be read with its schema.
 */
public final class WriteParquet extends PTransform<PCollection<GenericRecord>, PCollection<String>> {

  static final String TEMP_DIRECTORY = ".temp-parquet";
  /** Also about what a writer holds in memory before it writes a row group out. */
  static final int ROW_GROUP_BYTES = 16 << 20;

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

  /** Files cut, compressed and gathered as {@code files} says. */
  public WriteParquet withFiles(ParquetFiles files) {
    return new WriteParquet(schema, directory, files);
  }

  /** @return the files written, by their final paths */
  @Override
  public PCollection<String> expand(PCollection<GenericRecord> rows) {
    PCollection<KV<String, Long>> written;
    if (files.gatherRowGroups()) {
      Coder<GenericRecord> rowCoder = rows.getCoder();
      // Files are joined from whole row groups: at most a quarter of the target each, so a
      // joined file comes within a quarter of the target whatever the pages compress to.
      long gathered = Math.min(files.targetBytes() / 4, ROW_GROUP_BYTES);
      written =
          rows.apply("EncodeRows", ParDo.of(new EncodeRowFn(rowCoder)))
              .setCoder(KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of()))
              .apply(
                  "GatherRowGroups",
                  GroupIntoBatches.<Integer, byte[]>ofByteSize(
                      gathered, row -> (long) row.length))
              .apply(
                  "WriteRowGroups",
                  ParDo.of(new WriteRowGroupFn(schema, files, rowCoder, directory)));
    } else {
      written = rows.apply("WriteBundles", ParDo.of(new WriteBundleFn(schema, files, directory)));
    }
    KvCoder<String, Long> fileCoder = KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());
    return written
        .setCoder(fileCoder)
        .apply("AllFiles", Combine.globally(new ToListFn()))
        .setCoder(ListCoder.of(fileCoder))
        .apply("NameFiles", ParDo.of(new NameFilesFn(schema, files, directory)));
  }

  /**
   * The table's writer. Each step makes its own at set-up rather than carry one: a writer holds
   * Hadoop settings, which are read again from Hadoop's XML files whenever the runner unpacks the
   * step (the Direct runner does for every bundle).
   */
  private static ParquetIO.Sink sink(Schema schema, ParquetFiles files) {
    return ParquetIO.sink(schema)
        .withCompressionCodec(files.compression())
        .withConfiguration(ParquetFiles.hadoopSettings())
        .withRowGroupSize((int) Math.min(files.targetBytes(), ROW_GROUP_BYTES));
  }

  /**
   * Each row as its encoded bytes, for the one writer. A runner may copy what is gathered each time
   * more is added (the Direct runner copies its state for every bundle): bytes copy at the cost of
   * a memory copy, rows at the cost of encoding and decoding them again.
   */
  private static final class EncodeRowFn extends DoFn<GenericRecord, KV<Integer, byte[]>> {
    private final Coder<GenericRecord> rowCoder;

    EncodeRowFn(Coder<GenericRecord> rowCoder) {
      this.rowCoder = rowCoder;
    }

    @ProcessElement
    public void process(@Element GenericRecord row, OutputReceiver<KV<Integer, byte[]>> out)
        throws IOException {
      out.output(KV.of(0, CoderUtils.encodeToByteArray(rowCoder, row)));
    }
  }

  /** Writes each row group's worth of rows into a file of its own, under a temporary name. */
  private static final class WriteRowGroupFn
      extends DoFn<KV<Integer, Iterable<byte[]>>, KV<String, Long>> {
    private final Schema schema;
    private final ParquetFiles files;
    private final Coder<GenericRecord> rowCoder;
    private final String directory;
    private transient ParquetIO.Sink sink;

    WriteRowGroupFn(
        Schema schema, ParquetFiles files, Coder<GenericRecord> rowCoder, String directory) {
      this.schema = schema;
      this.files = files;
      this.rowCoder = rowCoder;
      this.directory = directory;
    }

    @Setup
    public void setUp() {
      sink = sink(schema, files);
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<byte[]>> rows, OutputReceiver<KV<String, Long>> out)
        throws IOException {
      Path path = tempFile(directory);
      try (FileChannel file = open(path)) {
        sink.open(file);
        for (byte[] row : rows.getValue()) {
          sink.write(CoderUtils.decodeFromByteArray(rowCoder, row));
        }
        sink.flush(); // writes the footer
      }
      out.output(KV.of(path.toString(), Files.size(path)));
    }
  }

  /** Writes each bundle's rows into files of its own, under temporary names, with their sizes. */
  private static final class WriteBundleFn extends DoFn<GenericRecord, KV<String, Long>> {
    private final Schema schema;
    private final ParquetFiles files;
    private final String directory;
    private transient ParquetIO.Sink sink;
    private transient FileChannel file;
    private transient Path path;

    WriteBundleFn(Schema schema, ParquetFiles files, String directory) {
      this.schema = schema;
      this.files = files;
      this.directory = directory;
    }

    @Setup
    public void setUp() {
      sink = sink(schema, files);
    }

    @ProcessElement
    public void process(@Element GenericRecord row, OutputReceiver<KV<String, Long>> out)
        throws IOException {
      if (file == null) {
        path = tempFile(directory);
        file = open(path);
        sink.open(file);
      }
      sink.write(row);
      if (file.position() >= files.targetBytes()) { // the row groups written out reached it
        out.output(close());
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext context) throws IOException {
      if (file != null) {
        context.output(close(), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
    }

    private KV<String, Long> close() throws IOException {
      sink.flush(); // writes the footer; the sink closes the file
      file = null;
      return KV.of(path.toString(), Files.size(path));
    }
  }

  /** Joins the written files into files of the target size and names them. */
  private static final class NameFilesFn extends DoFn<List<KV<String, Long>>, String> {
    private final Schema schema;
    private final ParquetFiles files;
    private final String directory;

    NameFilesFn(Schema schema, ParquetFiles files, String directory) {
      this.schema = schema;
      this.files = files;
      this.directory = directory;
    }

    @ProcessElement
    public void process(@Element List<KV<String, Long>> written, OutputReceiver<String> out)
        throws IOException {
      nameFiles(sink(schema, files), directory, written, files.targetBytes()).forEach(out::output);
    }
  }

  /**
   * Joins the files {@code written} (path and size), in the order of their temporary names, into
   * files of at most {@code targetFileBytes} each (a file written larger stays whole), names them
   * {@code part-NNNNN-of-NNNNN.parquet} in {@code directory}, deletes the temporary directory and
   * returns the names; an empty table gets one file with no rows. Named files with no temporary
   * directory beside them are an earlier attempt's finished work, and are kept; named files
   * beside it, an attempt that stopped while naming, are made again. A written file gone before
   * this is a lost file, and fails the step rather than be reported as written.
   */
  static List<String> nameFiles(
      ParquetIO.Sink sink, String directory, List<KV<String, Long>> written, long targetFileBytes)
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
    List<List<Path>> parts = PartFiles.group(written, targetFileBytes);
    for (List<Path> part : parts) {
      for (Path source : part) {
        if (!Files.exists(source)) {
          throw new IOException(
              "the file " + source + " that a bundle wrote is gone: its rows are lost (was the"
                  + " output directory cleaned during the run?); run the crawl again");
        }
      }
    }
    // Every final file is made in the temporary directory first, the sources left where they
    // are, so an attempt stopped while naming leaves all it needs to be made again.
    int files = Math.max(parts.size(), 1);
    List<Path> staged = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      Path file = Files.createDirectories(temp).resolve("named-" + i + ".parquet");
      Files.deleteIfExists(file);
      if (parts.isEmpty()) {
        try (FileChannel empty = open(file)) {
          sink.open(empty);
          sink.flush();
        }
      } else if (parts.get(i).size() == 1) {
        Files.createLink(file, parts.get(i).get(0));
      } else {
        PartFiles.join(parts.get(i), file);
      }
      staged.add(file);
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      Path target = dir.resolve(PartFiles.name(i, files));
      Files.move(staged.get(i), target, StandardCopyOption.ATOMIC_MOVE);
      names.add(target.toString());
    }
    deleteRecursively(temp);
    return names;
  }

  private static Path tempFile(String directory) throws IOException {
    return Files.createDirectories(Path.of(directory, TEMP_DIRECTORY))
        .resolve(UUID.randomUUID() + ".parquet");
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

  /** Every file written, in one list; an empty list for no files. */
  private static final class ToListFn
      extends Combine.CombineFn<KV<String, Long>, List<KV<String, Long>>, List<KV<String, Long>>> {
    @Override
    public List<KV<String, Long>> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<KV<String, Long>> addInput(List<KV<String, Long>> files, KV<String, Long> file) {
      files.add(file);
      return files;
    }

    @Override
    public List<KV<String, Long>> mergeAccumulators(Iterable<List<KV<String, Long>>> lists) {
      List<KV<String, Long>> all = new ArrayList<>();
      lists.forEach(all::addAll);
      return all;
    }

    @Override
    public List<KV<String, Long>> extractOutput(List<KV<String, Long>> files) {
      return files;
    }
  }
}
