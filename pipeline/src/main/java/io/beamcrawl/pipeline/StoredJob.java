package io.beamcrawl.pipeline;

import io.beamcrawl.io.RunOutput;
import io.beamcrawl.model.CrawlJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;

/**
 * A job an earlier run wrote into an output directory: its row of the jobs table and the run
 * (partition) it is in. What a re-extraction starts from.
 */
record StoredJob(String runId, GenericRecord row) {

  private static final String PARTITION_PREFIX = "crawl=";

  /**
   * Finds job {@code jobId} in {@code output}: in run {@code runId} when given, else in the latest
   * run (by created_at) that holds it.
   *
   * @throws IllegalArgumentException saying what was looked for and what is there
   */
  static StoredJob find(Path output, String jobId, String runId) throws IOException {
    Path jobsTable = output.resolve(RunOutput.JOBS);
    if (!Files.isDirectory(jobsTable)) {
      throw new IllegalArgumentException(
          "--from " + output + " holds no jobs table (" + jobsTable + "); give the --output of an earlier crawl");
    }
    List<String> runs = new ArrayList<>();
    StoredJob latest =
        latest(jobsTable, runId == null ? run -> true : runId::equals, Set.of(jobId), runs)
            .get(jobId);
    if (latest == null) {
      throw new IllegalArgumentException(
          "job \"" + jobId + "\" is in no run of " + jobsTable
              + (runId == null ? "" : " named " + runId) + " (runs there: "
              + (runs.isEmpty() ? "none" : String.join(", ", runs)) + ")");
    }
    return latest;
  }

  /**
   * Per job id of {@code jobIds}, its latest run (by created_at) in {@code output}; the jobs in no
   * run are left out.
   */
  static Map<String, StoredJob> latest(Path output, Set<String> jobIds) throws IOException {
    return latest(output.resolve(RunOutput.JOBS), run -> true, jobIds, new ArrayList<>());
  }

  /** @param runs gets the names of the runs looked in */
  private static Map<String, StoredJob> latest(
      Path jobsTable, Predicate<String> runWanted, Set<String> jobIds, List<String> runs)
      throws IOException {
    Map<String, StoredJob> latest = new HashMap<>();
    if (!Files.isDirectory(jobsTable)) {
      return latest;
    }
    List<Path> partitions;
    try (Stream<Path> listing = Files.list(jobsTable)) {
      partitions =
          listing
              .filter(p -> p.getFileName().toString().startsWith(PARTITION_PREFIX))
              .filter(p -> runWanted.test(p.getFileName().toString().substring(PARTITION_PREFIX.length())))
              .sorted()
              .toList();
    }
    for (Path partition : partitions) {
      String run = partition.getFileName().toString().substring(PARTITION_PREFIX.length());
      runs.add(run);
      for (GenericRecord row : JobTable.read(partition)) {
        String id = row.get("id").toString();
        StoredJob found = latest.get(id);
        if (jobIds.contains(id) && (found == null || createdAt(row) > createdAt(found.row()))) {
          latest.put(id, new StoredJob(run, row));
        }
      }
    }
    return latest;
  }

  /**
   * A new job extracting this one's stored pages again: its base URL, crawl instruction and
   * budget, with a new transform (or schema) and credit cap.
   */
  CrawlJob extractedAgainAs(String newId, String transformInstruction, String schema, Double maxCredits) {
    String baseUrl = text("base_url");
    return new CrawlJob(
        newId,
        baseUrl,
        List.of(baseUrl),
        text("crawl_instruction"),
        transformInstruction,
        (Integer) row.get("max_pages"),
        (Integer) row.get("max_depth"),
        List.of(),
        List.of(),
        false,
        false,
        false,
        schema,
        maxCredits,
        text("id"));
  }

  String text(String field) {
    Object value = row.get(field);
    return value == null ? null : value.toString();
  }

  private static long createdAt(GenericRecord row) {
    return (Long) row.get("created_at");
  }
}
