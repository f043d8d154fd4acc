package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.testing.TestWebServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import io.beamcrawl.model.CrawlJob;
import org.junit.Test;

public class SiteFairQueueTest {

  @Test
  public void aSiteWithManyTasksWaitingTakesNoMoreThanItsTurn() throws Exception {
    SiteFairQueue queue = new SiteFairQueue();
    SiteFairQueue.Lane busy = queue.newLane();
    SiteFairQueue.Lane quiet = queue.newLane();
    List<String> ran = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      queue.offer(busy.task(() -> {
        ran.add("busy" + n);
        sleep(2); // a task that uses the thread for a while
      }));
    }
    queue.offer(quiet.task(() -> ran.add("quiet")));
    // Neither has used any time: the older lane first, then in turn by the time each used.
    queue.poll().run();
    queue.poll().run();
    queue.poll().run();
    queue.poll().run();
    assertNull(queue.poll());
    assertEquals(List.of("busy0", "quiet", "busy1", "busy2"), ran);
    assertEquals(0, queue.size());
  }

  @Test
  public void aLaneWithTasksRunningWaitsForOnesWithNone() throws Exception {
    SiteFairQueue queue = new SiteFairQueue();
    SiteFairQueue.Lane slow = queue.newLane();
    SiteFairQueue.Lane fast = queue.newLane();
    BlockingQueue<String> ran = new LinkedBlockingQueue<>();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    queue.offer(slow.task(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    Thread worker = new Thread(() -> queue.poll().run());
    worker.start();
    while (queue.size() > 0) {
      Thread.sleep(5);
    }
    Thread.sleep(50); // the slow lane's task is running
    queue.offer(slow.task(() -> ran.add("slow")));
    queue.offer(fast.task(() -> ran.add("fast")));
    queue.poll(1, TimeUnit.SECONDS).run();
    assertEquals("fast", ran.take());
    release.countDown();
    worker.join();
    queue.poll().run();
    assertEquals("slow", ran.take());
  }

  /**
   * Twenty slow sites on four request threads, and a fast site started last: its requests are
   * taken in its turn, not after every slow request queued before them, as the servers' logs show.
   */
  @Test
  public void aFastSiteIsNotBehindTheSlowOnesRequests() throws Exception {
    List<TestWebServer> slow = new ArrayList<>();
    try (TestWebServer fast = TestWebServer.start("127.0.2.100")) {
      List<CrawlJob> jobs = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        TestWebServer site = TestWebServer.start("127.0.2." + i);
        slow.add(site);
        jobs.add(job("slow" + i, site, 6));
        site.setResponseDelay(Duration.ofMillis(150));
      }
      jobs.add(job("fast", fast, 6));
      CrawlSettings settings = TestCrawlSettings.of("fair-queue", 2);
      settings = new CrawlSettings(settings.runId(), settings.fetch(), 2, settings.maxCrawlDelay(), 1,
          settings.fetchBackoff(), settings.trapRules(), 5, settings.markdown(), 4, 512,
          settings.relevanceModel(), null, 1, null, null, null, null);
      BlockingQueue<Handover> handovers = new LinkedBlockingQueue<>();
      try (CrawlEngine engine = new CrawlEngine(settings)) {
        for (CrawlJob job : jobs) {
          engine.start(List.of(job), 0, handovers);
        }
        for (int ended = 0; ended < jobs.size(); ) {
          Handover item = handovers.poll(60, TimeUnit.SECONDS);
          assertTrue("the crawl stalled", item != null);
          if (item.pageOrThrow() == null) {
            ended++;
          } else {
            item.site().handedOver(1);
          }
        }
      }
      Instant fastDone = fast.requests().get(fast.requests().size() - 1).arrived();
      long slowBefore = 0;
      long slowAll = 0;
      for (TestWebServer site : slow) {
        for (TestWebServer.Request request : site.requests()) {
          slowAll++;
          slowBefore += request.arrived().isBefore(fastDone) ? 1 : 0;
        }
      }
      assertEquals(7, fast.requests().size()); // robots.txt and the 6 pages
      assertTrue("slow requests before the fast site's last: " + slowBefore + " of " + slowAll,
          slowBefore < slowAll / 3);
    } finally {
      slow.forEach(TestWebServer::close);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static CrawlJob job(String id, TestWebServer site, int pages) {
    StringBuilder home = new StringBuilder("<html><body>");
    for (int p = 1; p < pages; p++) {
      home.append("<a href=\"/p").append(p).append("\">").append(p).append("</a>");
      site.page("/p" + p, "<html><body>page</body></html>");
    }
    site.page("/", home.append("</body></html>").toString());
    return new CrawlJob(id, site.url("/"), List.of(site.url("/")), null, null, pages, 1, List.of(),
        List.of(), false, false, false, null, null, null);
  }
}
