package io.beamcrawl.archive;

import io.beamcrawl.fetch.Exchange;
import java.io.FileOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.Channels;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

/**
 * One worker's WARC files for a run: every exchange of every fetch is appended as it ends, each
 * record a gzip member of its own, each file opened by a {@code warcinfo} record and closed once
 * it reaches {@link WarcSettings#fileBytes()}. Files are named the way Common Crawl named its
 * WARC files, {@code beamcrawl-TIMESTAMP-SERIAL-WORKER.warc.gz}, the worker part (host and
 * process) keeping workers that write into one directory apart.
 *
 * <p>Records are compressed on the calling thread and appended whole, under a lock, so a file
 * only ever holds complete records, whichever threads write to it. Thread-safe.
 */
public final class WarcArchive implements AutoCloseable {

  private static final AtomicInteger SERIALS = new AtomicInteger();
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private final WarcSettings settings;
  private final String worker;
  private OutputStream file;
  private String fileName;
  private long written;
  private boolean closed;

  public WarcArchive(WarcSettings settings) {
    this.settings = settings;
    this.worker = workerName();
  }

  /**
   * Appends the records of a fetch's exchanges, in order.
   *
   * @return where the last exchange's final record is (its response, or why none came); null for
   *     no exchanges, or once the archive is closed
   */
  public WarcLocation record(List<Exchange> exchanges) {
    if (exchanges.isEmpty()) {
      return null;
    }
    try {
      List<WarcRecord> records = new ArrayList<>();
      for (Exchange exchange : exchanges) {
        records.addAll(ExchangeRecords.of(exchange));
      }
      Serialized serialized = serialize(records);
      return append(serialized);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write WARC records into " + settings.directory(), e);
    }
  }

  /**
   * Appends a {@code resource} record: something the crawl made of a page rather than received,
   * such as its screenshot, under a URI that names what it is of ({@code urn:view:URL}, the way
   * browser-based archivers file a page's screenshot).
   */
  public WarcLocation resource(String uri, String contentType, byte[] bytes) {
    try {
      WarcRecord record =
          new WarcResource.Builder(java.net.URI.create(uri))
              .version(MessageVersion.WARC_1_1)
              .date(java.time.Instant.now())
              .body(MediaType.parse(contentType), bytes)
              .build();
      return append(serialize(List.of(record)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a WARC record into " + settings.directory(), e);
    }
  }

  /** Records as gzip members, and where the last one starts. */
  private record Serialized(byte[] bytes, long lastStart) {}

  /**
   * Each record its own gzip member, compressed for speed: with jwarc's own gzip, at the default
   * level, archiving cost 4 ms of CPU a page on the benchmark; at the fastest, 0.6 ms.
   */
  private static Serialized serialize(List<WarcRecord> records) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    long lastStart = 0;
    for (WarcRecord each : records) {
      record.reset();
      new WarcWriter(Channels.newChannel(record), WarcCompression.NONE).write(each);
      lastStart = bytes.size();
      try (GZIPOutputStream member = new FastGzip(bytes)) {
        record.writeTo(member);
      }
    }
    return new Serialized(bytes.toByteArray(), lastStart);
  }

  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 16 * 1024);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  private synchronized WarcLocation append(Serialized records) throws IOException {
    if (closed) {
      return null; // a request that ended after the crawl was stopped
    }
    if (file == null) {
      open();
    }
    long start = written;
    try {
      write(records.bytes());
    } catch (IOException e) {
      closeFile(); // the file may end in part of a record: nothing more goes into it
      throw e;
    }
    WarcLocation last =
        new WarcLocation(
            settings.recordedDirectory() + "/" + fileName,
            start + records.lastStart(),
            records.bytes().length - records.lastStart());
    if (written >= settings.fileBytes()) {
      closeFile();
    }
    return last;
  }

  private void write(byte[] bytes) throws IOException {
    file.write(bytes);
    written += bytes.length;
  }

  private void open() throws IOException {
    Path directory = Files.createDirectories(Path.of(settings.directory()));
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    fileName =
        String.format(
            "beamcrawl-%s-%05d-%s.warc.gz", TIMESTAMP.format(now), SERIALS.getAndIncrement(), worker);
    // A FileOutputStream, not a FileChannel: a channel closes itself when a writing thread is
    // interrupted, and the crawl interrupts its request threads when it stops.
    file = new FileOutputStream(Files.createFile(directory.resolve(fileName)).toFile());
    written = 0;
    Map<String, List<String>> fields = new LinkedHashMap<>();
    fields.put("software", List.of("beamcrawl"));
    fields.put("format", List.of("WARC File Format 1.1"));
    fields.put(
        "conformsTo",
        List.of("https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"));
    fields.put("isPartOf", List.of(settings.runId()));
    fields.put("hostname", List.of(worker));
    fields.put("http-header-user-agent", List.of(settings.userAgent()));
    fields.put("robots", List.of("classic"));
    write(
        serialize(
                List.of(
                    new Warcinfo.Builder()
                        .version(MessageVersion.WARC_1_1)
                        .date(now.toInstant())
                        .filename(fileName)
                        .fields(fields)
                        .build()))
            .bytes());
  }

  private void closeFile() throws IOException {
    try {
      file.close();
    } finally {
      file = null;
    }
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (file != null) {
      closeFile();
    }
  }

  private static String workerName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    return (host + "-" + ProcessHandle.current().pid()).replaceAll("[^A-Za-z0-9.-]", "_");
  }
}
