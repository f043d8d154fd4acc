package io.beamcrawl.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.beamcrawl.model.RejectedLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The layout of one run's output and its all-or-nothing commit. Everything is written under
 * {@code OUTPUT/.staging-RUN_ID/} first; only a run that succeeds moves its tables into their
 * Hive-style partitions ({@code OUTPUT/pages/crawl=RUN_ID/}, {@code OUTPUT/jobs/crawl=RUN_ID/},
 * {@code OUTPUT/rejected/crawl=RUN_ID/}, with --warc {@code OUTPUT/warc/crawl=RUN_ID/}, with
 * screenshots {@code OUTPUT/screenshots/crawl=RUN_ID/}). A failed run leaves nothing a reader would pick up, and no
 * run ever replaces an earlier run's partition.
 */
public final class RunOutput {

  public static final String PAGES = "pages";
  public static final String JOBS = "jobs";
  public static final String REJECTED = "rejected";
  public static final String WARC = "warc";
  public static final String SCREENSHOTS = "screenshots";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;
  private final String runId;
  private final Path staging;

  private RunOutput(Path root, String runId) {
    this.root = root;
    this.runId = runId;
    this.staging = root.resolve(".staging-" + runId);
  }

  /**
   * Prepares a run's output under {@code root}, creating it when missing.
   *
   * @throws IllegalArgumentException with what to fix when the directory cannot be used
   */
  public static RunOutput prepare(Path root, String runId) {
    RunOutput output = new RunOutput(root.toAbsolutePath().normalize(), runId);
    try {
      if (Files.exists(output.root) && !Files.isDirectory(output.root)) {
        throw new IllegalArgumentException("--output " + root + " is a file, not a directory");
      }
      Files.createDirectories(output.root);
      for (String table : List.of(PAGES, JOBS, REJECTED, WARC, SCREENSHOTS)) {
        if (Files.exists(output.partition(table))) {
          throw new IllegalArgumentException(
              "run " + runId + " already exists in " + root + " (" + output.partition(table)
                  + "); choose another --runId");
        }
      }
      Files.createDirectories(output.staging);
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException("--output " + root + " is not writable: " + e.getFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("--output " + root + " cannot be used: " + e, e);
    }
    return output;
  }

  public Path root() {
    return root;
  }

  public String runId() {
    return runId;
  }

  /** Where the pipeline writes a table before the commit. */
  public String stagingDirectory(String table) {
    return staging.resolve(table).toString();
  }

  /** Where a table's files are after the commit. */
  public Path partition(String table) {
    return root.resolve(table).resolve("crawl=" + runId);
  }

  public Path summaryFile() {
    return root.resolve("summary-" + runId + ".json");
  }

  /** The crawl report: one HTML file that opens in a browser. */
  public Path reportFile() {
    return root.resolve("report-" + runId + ".html");
  }

  /** Stages the rejected input lines as JSON Lines. */
  public void stageRejected(List<RejectedLine> rejected) throws IOException {
    if (rejected.isEmpty()) {
      return;
    }
    Path dir = Files.createDirectories(staging.resolve(REJECTED));
    StringBuilder lines = new StringBuilder();
    for (RejectedLine line : rejected) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("source", line.source());
      row.put("line_number", line.lineNumber());
      row.put("reason", line.reason());
      row.put("line", line.line());
      lines.append(JSON.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(row))
          .append('\n');
    }
    Files.writeString(dir.resolve("rejected.jsonl"), lines);
  }

  /**
   * Moves every staged table into its partition, writes the report (when there is one), then the
   * summary last.
   */
  public void commit(Object summary, String report) throws IOException {
    for (String table : List.of(PAGES, JOBS, REJECTED, WARC, SCREENSHOTS)) {
      Path staged = staging.resolve(table);
      Path partition = partition(table);
      if (Files.isDirectory(staged)) {
        Files.createDirectories(partition.getParent());
        Files.move(staged, partition, StandardCopyOption.ATOMIC_MOVE);
      } else if (table.equals(PAGES) || table.equals(JOBS)) {
        Files.createDirectories(partition);
      }
    }
    if (report != null) {
      Path reportTmp = root.resolve(".report-" + runId + ".html.tmp");
      Files.writeString(reportTmp, report);
      Files.move(reportTmp, reportFile(), StandardCopyOption.ATOMIC_MOVE);
    }
    Path tmp = root.resolve(".summary-" + runId + ".json.tmp");
    JSON.writeValue(tmp.toFile(), summary);
    Files.move(tmp, summaryFile(), StandardCopyOption.ATOMIC_MOVE);
    deleteRecursively(staging);
  }

  /** Removes everything the run staged. */
  public void abort() {
    deleteRecursively(staging);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
