package io.beamcrawl.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Kills the TaskManager of a Flink session cluster with SIGKILL in the middle of a crawl, starts a
 * new one, and checks that the job, run with a restart strategy, still finishes and writes exactly
 * the pages and job statistics the same crawl gives on the Direct runner: none lost, none twice.
 */
public class TaskManagerFailureIT {

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static final int PAGES = 300;
  /** Requests the site must have served before the kill: the crawl has started, far from ended. */
  private static final int REQUESTS_BEFORE_KILL = 40;
  private static final Duration WAIT_FOR_REQUESTS = Duration.ofSeconds(120);
  private static final Duration WAIT_FOR_FINISH = Duration.ofSeconds(150);

  private static LocalFlinkCluster cluster;
  private static TestSite site;
  private static Path directOutput;
  private static Path flinkOutput;
  private static int directExit;
  private static int flinkExit;
  private static String directConsole;
  private static String flinkConsole;
  private static int requestsBeforeKill;
  private static int requestsInFlinkRun;
  private static Path flinkLog;
  private static long killedPid;
  private static long newPid;
  private static JsonNode clusterJobs;
  /** The job's failures the cluster recovered from, oldest last. */
  private static JsonNode failures;

  @BeforeClass
  public static void crawlThroughATaskManagerFailure() throws Exception {
    Path build = LocalFlinkCluster.path("beamcrawl.buildDirectory");
    // Beam's batch jobs take the cluster's restart strategy: --numberOfExecutionRetries is applied
    // to streaming jobs only. A lost TaskManager fails each task it ran, each counted as one attempt.
    cluster =
        LocalFlinkCluster.start(
            LocalFlinkCluster.path("beamcrawl.repo"), build.resolve("flink-failover-cluster"), 2, 10);

    site = new TestSite("127.0.0.9");
    site.robots("User-agent: *\nAllow: /\n");
    site.page("/", "/g/0", "/missing");
    for (int i = 0; i < PAGES; i++) {
      site.page("/g/" + i, "/g/" + (i * 3 + 1) % PAGES, "/g/" + (i * 3 + 2) % PAGES, "/g/" + (i * 3 + 3) % PAGES, "/");
    }
    // Slow enough that the crawl on Flink lasts tens of seconds, so the kill lands inside it.
    site.server.setResponseDelay(Duration.ofMillis(100));

    Path jobs = TMP.newFile("jobs.jsonl").toPath();
    Files.write(
        jobs,
        List.of(
            "{\"id\":\"all\",\"base_url\":\"" + site.url("/") + "\",\"max_pages\":400,\"max_depth\":8}",
            "{\"id\":\"cut\",\"base_url\":\"" + site.url("/g/100") + "\",\"max_pages\":50,\"max_depth\":4}"));
    List<String> args =
        List.of("--jobs=" + jobs, "--perHostConcurrency=2", "--runId=failover", "--allowPrivateNetworks");

    flinkOutput = TMP.newFolder("flink").toPath();
    List<String> flinkArgs = new ArrayList<>(args);
    flinkArgs.addAll(List.of("--output=" + flinkOutput, "--parallelism=2"));
    // In the build directory, so it outlives the test when a run has to be looked into.
    flinkLog = build.resolve("flink-failover-run.log");
    long started = System.nanoTime();
    CompletableFuture<Integer> flinkRun =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return cluster.submit(LocalFlinkCluster.path("beamcrawl.jar"), flinkLog, flinkArgs);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    requestsBeforeKill = awaitRequests(REQUESTS_BEFORE_KILL, flinkRun);
    killedPid = cluster.taskManagerPid();
    cluster.killTaskManager();
    long killedAt = System.nanoTime();
    cluster.startTaskManager();
    newPid = cluster.taskManagerPid();
    long restartedAt = System.nanoTime();
    try {
      flinkExit = flinkRun.get(WAIT_FOR_FINISH.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      fail("the Flink run did not end within " + WAIT_FOR_FINISH + " of the new TaskManager; cluster logs in "
          + cluster.logs() + ", jobs: " + cluster.rest("/jobs/overview"));
    }
    flinkConsole = Files.readString(flinkLog, StandardCharsets.UTF_8);
    requestsInFlinkRun = site.server.requests().size();
    long finished = System.nanoTime();
    clusterJobs = cluster.rest("/jobs/overview").get("jobs");
    String jobId = clusterJobs.get(0).get("jid").asText();
    failures = cluster.rest("/jobs/" + jobId + "/exceptions").get("exceptionHistory").get("entries");

    // The delay only served to make room for the kill.
    site.server.setResponseDelay(Duration.ZERO);
    directOutput = TMP.newFolder("direct").toPath();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<String> directArgs = new ArrayList<>(args);
    directArgs.add("--output=" + directOutput);
    directExit = new Launcher(console, console).run(directArgs.toArray(String[]::new));
    directConsole = bytes.toString(StandardCharsets.UTF_8);

    System.out.printf(
        "Flink run: %d requests served before the SIGKILL of TaskManager %d at %d ms, new TaskManager %d "
            + "registered %d ms later, run ended %d ms after that with %d requests served in all; "
            + "%d failure(s) recovered from%n",
        requestsBeforeKill, killedPid, millis(started, killedAt), newPid, millis(killedAt, restartedAt),
        millis(restartedAt, finished), requestsInFlinkRun, failures.size());
  }

  @AfterClass
  public static void stopEverything() throws Exception {
    if (site != null) {
      site.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Waits until the site has served {@code count} requests; returns how many it had then. */
  private static int awaitRequests(int count, CompletableFuture<Integer> run) throws Exception {
    long deadline = System.nanoTime() + WAIT_FOR_REQUESTS.toNanos();
    while (site.server.requests().size() < count) {
      if (run.isDone()) {
        fail("the Flink run ended (exit " + run.get() + ") before the site served " + count + " requests; "
            + "its console (" + flinkLog + ") ends:\n" + tail(flinkLog) + "\ncluster logs in " + cluster.logs());
      }
      if (System.nanoTime() > deadline) {
        fail("the site served only " + site.server.requests().size() + " requests within " + WAIT_FOR_REQUESTS);
      }
      Thread.sleep(20);
    }
    return site.server.requests().size();
  }

  private static String tail(Path log) throws java.io.IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  private static long millis(long from, long to) {
    return (to - from) / 1_000_000;
  }

  @Test
  public void bothRunsSucceed() {
    assertEquals(flinkConsole, 0, flinkExit);
    assertEquals(directConsole, 0, directExit);
  }

  @Test
  public void theTaskManagerWasKilledEarlyInTheCrawl() {
    assertThat(newPid, not(killedPid));
    // Before half the pages were fetched, so most of the crawl ran after the restart.
    assertThat(requestsBeforeKill, lessThan(pagesIn(directOutput) / 2));
  }

  @Test
  public void theJobRestartedAndFinishedOnTheCluster() {
    assertEquals(clusterJobs.toString(), 1, clusterJobs.size());
    assertEquals("FINISHED", clusterJobs.get(0).get("state").asText());
    assertThat(failures.toString(), failures.size(), greaterThanOrEqualTo(1));
    assertThat(failures.get(failures.size() - 1).get("exceptionName").asText(), containsString("JobMasterException"));
    assertThat(failures.get(failures.size() - 1).get("stacktrace").asText(), containsString("is no longer reachable"));
  }

  @Test
  public void noPageIsMissingOrWrittenTwice() throws SQLException {
    String pairs = "SELECT job_id, url FROM %s ORDER BY job_id, url";
    List<List<Object>> direct = rows(String.format(pairs, table(directOutput, "pages")));
    List<List<Object>> flink = rows(String.format(pairs, table(flinkOutput, "pages")));
    assertThat(direct.size(), greaterThan(PAGES));
    assertEquals(direct, flink);
    List<List<Object>> counts =
        rows("SELECT count(*), count(DISTINCT id), count(DISTINCT (job_id, url)) FROM " + table(flinkOutput, "pages"));
    long count = (Long) counts.get(0).get(0);
    assertEquals(List.of(List.of(count, count, count)), counts);
  }

  @Test
  public void theJobStatisticsAreTheSame() throws SQLException {
    String columns = "SELECT id, pages_crawled, pages_failed FROM %s ORDER BY id";
    List<List<Object>> direct = rows(String.format(columns, table(directOutput, "jobs")));
    assertEquals(2, direct.size());
    assertEquals(direct, rows(String.format(columns, table(flinkOutput, "jobs"))));
  }

  private static int pagesIn(Path output) {
    try {
      return ((Long) rows("SELECT count(*) FROM " + table(output, "pages")).get(0).get(0)).intValue();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String table(Path output, String name) {
    return "read_parquet('" + output + "/" + name + "/*/*.parquet', hive_partitioning = true)";
  }

  private static List<List<Object>> rows(String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.add(result.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
