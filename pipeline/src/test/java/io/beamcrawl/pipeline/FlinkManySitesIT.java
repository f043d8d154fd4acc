package io.beamcrawl.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.beamcrawl.testing.TestWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * On a Flink session cluster (two slots, the shaded jar submitted at parallelism 2) a slot crawls
 * all of its sites at once: a fast site beside many slow ones is done before any of them, every
 * page fetched once; and a cancelled run stops fetching.
 */
public class FlinkManySitesIT {

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static final int SLOW_SITES = 8;
  private static LocalFlinkCluster cluster;

  @BeforeClass
  public static void startCluster() throws Exception {
    Path build = LocalFlinkCluster.path("beamcrawl.buildDirectory");
    cluster =
        LocalFlinkCluster.start(
            LocalFlinkCluster.path("beamcrawl.repo"), build.resolve("flink-many-sites-cluster"), 2);
  }

  @AfterClass
  public static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A home page linking to {@code pages} pages, each linking home and to two others. */
  private static TestSite site(String address, int pages, Duration delay) {
    TestSite site = new TestSite(address);
    List<String> all = new ArrayList<>();
    for (int i = 1; i <= pages; i++) {
      all.add("/p/" + i);
      site.page("/p/" + i, "/", "/p/" + (i % pages + 1), "/p/" + ((i * 7) % pages + 1));
    }
    site.page("/", all.toArray(String[]::new));
    site.server.setResponseDelay(delay);
    return site;
  }

  /**
   * A job with a crawl instruction: each run's jobs load the embedding model in a class loader of
   * their own, which a second job on the cluster must be able to do again.
   */
  private static String job(String id, TestSite site, int maxPages) {
    return String.format(
        "{\"id\":\"%s\",\"base_url\":\"%s\",\"max_pages\":%d,\"max_depth\":3,"
            + "\"crawl_instruction\":\"the numbered pages\"}",
        id, site.url("/"), maxPages);
  }

  private static List<String> args(Path jobs, Path output) {
    return List.of(
        "--jobs=" + jobs,
        "--output=" + output,
        "--parallelism=2",
        "--perHostConcurrency=2",
        "--allowPrivateNetworks",
        "--progressSeconds=1");
  }

  private static Instant lastRequest(TestSite site) {
    return site.server.requests().stream()
        .map(TestWebServer.Request::arrived)
        .max(Instant::compareTo)
        .orElseThrow();
  }

  @Test
  public void aFastSiteBesideManySlowOnesIsDoneFirstAndEveryPageIsFetchedOnce() throws Exception {
    TestSite fast = site("127.0.3.1", 40, Duration.ZERO);
    List<TestSite> slow = new ArrayList<>();
    List<String> lines = new ArrayList<>(List.of(job("fast", fast, 41)));
    for (int i = 0; i < SLOW_SITES; i++) {
      TestSite site = site("127.0.3." + (10 + i), 12, Duration.ofMillis(400));
      slow.add(site);
      lines.add(job("slow-" + i, site, 13));
    }
    try {
      Path jobs = TMP.newFile("fair-jobs.jsonl").toPath();
      Files.write(jobs, lines);
      Path log = TMP.getRoot().toPath().resolve("fair-run.log");
      int exit =
          cluster.submit(
              LocalFlinkCluster.path("beamcrawl.jar"), log, args(jobs, TMP.newFolder("fair").toPath()));
      assertEquals(Files.readString(log), 0, exit);

      Instant fastDone = lastRequest(fast);
      for (TestSite site : slow) {
        // With one site at a time per slot, the slow sites crawled before it in its slot would end
        // first: 13 pages at 2 a time, 400 ms each, is 2.8 s a site.
        assertTrue(
            "fast site done at " + fastDone + ", a slow one at " + lastRequest(site),
            fastDone.isBefore(lastRequest(site)));
      }
      for (TestSite site : concat(fast, slow)) {
        Map<String, Long> asked =
            site.server.requestedPaths().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        asked.forEach((path, times) -> assertEquals(site.url(path), 1L, (long) times));
        assertTrue(site.server.maxConcurrentRequests() <= 2);
      }
    } finally {
      fast.close();
      slow.forEach(TestSite::close);
    }
  }

  @Test
  public void aCancelledRunStopsFetchingWithinSeconds() throws Exception {
    TestSite site = site("127.0.3.2", 400, Duration.ofMillis(200));
    try {
      Path jobs = TMP.newFile("cancel-jobs.jsonl").toPath();
      Files.write(jobs, List.of(job("long", site, 401)));
      Path log = TMP.getRoot().toPath().resolve("cancel-run.log");
      CompletableFuture<Integer> run =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return cluster.submit(
                      LocalFlinkCluster.path("beamcrawl.jar"),
                      log,
                      args(jobs, TMP.newFolder("cancel").toPath()));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (site.server.requests().size() < 10) {
        assertTrue("the crawl never started; see " + log, System.nanoTime() < deadline);
        Thread.sleep(200);
      }
      String jobId = runningJob();
      cluster.cancel(jobId);
      while (!"CANCELED".equals(cluster.rest("/jobs/" + jobId).path("state").asText())) {
        assertTrue("the job was not cancelled", System.nanoTime() < deadline);
        Thread.sleep(200);
      }
      Thread.sleep(3_000);
      int afterCancel = site.server.requests().size();
      Thread.sleep(3_000);
      assertEquals("requests after the job was cancelled", afterCancel, site.server.requests().size());
      assertTrue("the crawl was cancelled before its end", afterCancel < 300);
      assertTrue("the client reports the failed run", run.get() != 0);
    } finally {
      site.close();
    }
  }

  private static String runningJob() throws Exception {
    for (JsonNode job : cluster.rest("/jobs/overview").path("jobs")) {
      if ("RUNNING".equals(job.path("state").asText())) {
        return job.path("jid").asText();
      }
    }
    throw new AssertionError("no running job: " + cluster.rest("/jobs/overview"));
  }

  private static List<TestSite> concat(TestSite first, List<TestSite> rest) {
    List<TestSite> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }
}
