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
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

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
    // A partition written before a column existed reads it as its default (no links: its pages
    // are compared by digest, not asked with validators).
    List<String> columns = new ArrayList<>(COLUMNS);
    if (!guidedJobs.isEmpty()) {
      columns.add("markdown");
    }
    Schema projection = TableFiles.projection(Schemas.PAGE, columns);
    for (String runId : new TreeSet<>(runByJob.values())) {
      Path partition = Path.of(output, RunOutput.PAGES, "crawl=" + runId);
      if (!Files.isDirectory(partition)) {
        throw new IOException("the earlier crawl's pages partition " + partition + " is missing");
      }
      TableFiles.read(partition, projection, row -> {
        String job = row.get("job_id").toString();
        if (runId.equals(runByJob.get(job)) && "success".equals(row.get("status").toString())) {
          EarlierPage page = page(row, guidedJobs.contains(job), strings);
          byJob.get(job).put(page.url(), page);
        }
      });
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

  private static String shared(Object text, Map<String, String> strings) {
    return strings.computeIfAbsent(text.toString(), s -> s);
  }

  private static String text(GenericRecord row, String field) {
    Object value = row.get(field);
    return value == null ? null : value.toString();
  }
}
