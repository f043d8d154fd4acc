package io.beamcrawl.io;

import io.beamcrawl.crawl.EarlierCrawls;
import io.beamcrawl.crawl.PageCrawler;
import io.beamcrawl.model.EarlierPage;
import io.beamcrawl.model.PageLink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * The earlier crawls of a run's incremental jobs, read from the pages partitions their runs wrote
 * in the output: only the columns a crawl compares with and follows (the markdown too when a job
 * scores links against a crawl instruction), only the jobs' successful rows.
 */
public final class StoredEarlierCrawls implements EarlierCrawls {

  private static final List<String> COLUMNS =
      List.of("job_id", "url", "status", "depth", "parent_url", "response_headers", "content_digest",
          "links", "title");

  private final String output;
  private final TreeMap<String, String> runByJob;
  private final TreeSet<String> guidedJobs;

  private StoredEarlierCrawls(String output, Map<String, String> runByJob, Set<String> guidedJobs) {
    this.output = output;
    this.runByJob = new TreeMap<>(runByJob);
    this.guidedJobs = new TreeSet<>(guidedJobs);
  }

  /**
   * @param output the output directory the runs wrote into
   * @param runByJob per incremental job id, the run id of its earlier crawl
   * @param guidedJobs those of the jobs with a crawl instruction, whose pages' openings are read
   */
  public static StoredEarlierCrawls of(
      Path output, Map<String, String> runByJob, Set<String> guidedJobs) {
    return new StoredEarlierCrawls(output.toString(), runByJob, guidedJobs);
  }

  @Override
  public Map<String, Map<String, EarlierPage>> read() throws IOException {
    Map<String, Map<String, EarlierPage>> byJob = new HashMap<>();
    runByJob.keySet().forEach(job -> byJob.put(job, new HashMap<>()));
    // Pages link to the same URLs with the same words: one copy of each string for them all.
    Map<String, String> strings = new HashMap<>();
    Configuration conf = new Configuration();
    // The projection is also the read schema: a partition written before a column existed reads
    // it as its default (no links: its pages are compared by digest, not asked with validators).
    Schema projection = projection(!guidedJobs.isEmpty());
    AvroReadSupport.setRequestedProjection(conf, projection);
    AvroReadSupport.setAvroReadSchema(conf, projection);
    for (String runId : new TreeSet<>(runByJob.values())) {
      for (Path file : files(Path.of(output, RunOutput.PAGES, "crawl=" + runId))) {
        try (ParquetReader<GenericRecord> reader =
            AvroParquetReader.<GenericRecord>builder(
                    HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))
                .withConf(conf)
                .build()) {
          for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
            String job = row.get("job_id").toString();
            if (runId.equals(runByJob.get(job)) && "success".equals(row.get("status").toString())) {
              EarlierPage page = page(row, guidedJobs.contains(job), strings);
              byJob.get(job).put(page.url(), page);
            }
          }
        }
      }
    }
    return byJob;
  }

  private static EarlierPage page(
      GenericRecord row, boolean withOpening, Map<String, String> strings) {
    String etag = null;
    String lastModified = null;
    for (Object element : (List<?>) row.get("response_headers")) {
      GenericRecord header = (GenericRecord) element;
      String name = header.get("name").toString();
      if (name.equalsIgnoreCase("ETag")) {
        etag = header.get("value").toString();
      } else if (name.equalsIgnoreCase("Last-Modified")) {
        lastModified = header.get("value").toString();
      }
    }
    List<PageLink> links = null;
    if (row.get("links") != null) {
      links = new ArrayList<>();
      for (Object element : (List<?>) row.get("links")) {
        GenericRecord link = (GenericRecord) element;
        links.add(new PageLink(
            shared(link.get("url"), strings),
            shared(link.get("anchor_text"), strings),
            shared(link.get("heading"), strings)));
      }
    }
    return new EarlierPage(
        shared(row.get("url"), strings),
        (Integer) row.get("depth"),
        text(row, "parent_url"),
        etag,
        lastModified,
        text(row, "content_digest"),
        links,
        text(row, "title"),
        withOpening ? PageCrawler.opening(text(row, "markdown")) : null);
  }

  /** The page table's schema cut to the columns read. */
  private static Schema projection(boolean withMarkdown) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : Schemas.PAGE.getFields()) {
      if (COLUMNS.contains(field.name()) || (withMarkdown && field.name().equals("markdown"))) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    return Schema.createRecord(
        Schemas.PAGE.getName(), null, Schemas.PAGE.getNamespace(), false, fields);
  }

  private static List<Path> files(Path partition) throws IOException {
    if (!Files.isDirectory(partition)) {
      throw new IOException("the earlier crawl's pages partition " + partition + " is missing");
    }
    try (Stream<Path> listing = Files.list(partition)) {
      return listing.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
  }

  private static String shared(Object text, Map<String, String> strings) {
    return strings.computeIfAbsent(text.toString(), s -> s);
  }

  private static String text(GenericRecord row, String field) {
    Object value = row.get(field);
    return value == null ? null : value.toString();
  }
}
