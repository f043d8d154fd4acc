package io.beamcrawl.pipeline;

import io.beamcrawl.io.RunOutput;
import io.beamcrawl.pipeline.report.Report;
import io.beamcrawl.model.RejectedLine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * Runs a built pipeline with progress on the console, then commits its output and prints the
 * summary; on failure nothing is committed. What every command that runs a pipeline shares.
 */
final class RunExecution {

  /** Flink's REST port when --flinkMaster gives none, as Beam's Flink runner assumes. */
  private static final int FLINK_REST_PORT = 8081;
  private static final int FLINK_CONNECT_TIMEOUT_MILLIS = 5000;

  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private RunExecution() {}

  /** @return the exit code: {@link Launcher#OK}, or {@link Launcher#PIPELINE_FAILED} */
  static int execute(
      Console console,
      CrawlOptions options,
      Supplier<Pipeline> build,
      Progress.Measure measure,
      RunOutput output,
      long started,
      long budget,
      List<RejectedLine> rejected) {
    try {
      Pipeline pipeline = build.get();
      // Without this the Direct runner blocks in run() and progress cannot be shown.
      options.as(DirectOptions.class).setBlockOnRun(false);
      checkFlinkMasterReachable(options);
      Progress progress = new Progress(console.out(), measure, budget, options.getProgressSeconds());
      PipelineResult result = pipeline.run();
      progress.watch(result);
      if (result.getState() != PipelineResult.State.DONE) {
        throw new IllegalStateException("the pipeline ended in state " + result.getState());
      }
      RunSummary summary =
          RunSummary.of(
              output.runId(), started, System.currentTimeMillis(), output,
              JobTable.read(Path.of(output.stagingDirectory(RunOutput.JOBS))), rejected);
      output.commit(summary.asJson(), report(summary, output, console));
      summary.print(console.out());
      return Launcher.OK;
    } catch (Exception e) {
      output.abort();
      console
          .err()
          .println("error: the run failed, nothing was written to " + output.root() + ": " + rootMessage(e));
      return Launcher.PIPELINE_FAILED;
    }
  }

  /** The run's report, or null when it cannot be drawn: the crawl is not lost for it. */
  private static String report(RunSummary summary, RunOutput output, Console console) {
    try {
      return Report.render(summary.asJson(), Path.of(output.stagingDirectory(RunOutput.PAGES)));
    } catch (Exception | LinkageError e) {
      console.err().println("warning: no crawl report: " + rootMessage(e));
      return null;
    }
  }

  /** A new run id: the start time and a random suffix, e.g. 20261201T103000Z-3f2a. */
  static String newRunId(long startMillis) {
    return RUN_ID_TIME.format(Instant.ofEpochMilli(startMillis))
        + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }

  /** Run ids name directories, so only a safe alphabet is accepted. */
  static void checkRunId(String runId) {
    if (!runId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
      throw new IllegalArgumentException(
          "--runId may hold only letters, digits, '.', '_' and '-' (up to 100), got " + runId);
    }
  }

  /**
   * Flink's client retries an unreachable cluster for about a minute and then reports only
   * "Connection refused"; this says at once which address failed and what to check.
   */
  private static void checkFlinkMasterReachable(CrawlOptions options) {
    String master = options.as(FlinkPipelineOptions.class).getFlinkMaster();
    if (!FlinkRunner.class.isAssignableFrom(options.getRunner()) || master.startsWith("[")) {
      return; // [local], [auto] and [collection] name no remote cluster
    }
    URI uri = URI.create("http://" + master.replaceFirst("^https?://", ""));
    int port = uri.getPort() == -1 ? FLINK_REST_PORT : uri.getPort();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), FLINK_CONNECT_TIMEOUT_MILLIS);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot reach the Flink cluster at --flinkMaster=" + master + " (" + e.getMessage()
              + "); is it running? (scripts/flink-cluster status)");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
