package io.beamcrawl.crawl;

import io.beamcrawl.fetch.HttpFetcher;
import io.beamcrawl.fetch.RobotsCache;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a worker JVM shares between DoFn instances of one run: one HTTP client (connection pool)
 * and one robots.txt cache, so a host's robots.txt is fetched once per worker per run, however
 * many stages and threads ask for it.
 */
final class WorkerResources {

  private static final Map<String, WorkerResources> BY_RUN = new ConcurrentHashMap<>();

  final HttpFetcher fetcher;
  final RobotsCache robots;

  private WorkerResources(CrawlSettings settings) {
    this.fetcher = new HttpFetcher(settings.fetch());
    this.robots = new RobotsCache(fetcher, settings.robotName());
  }

  static WorkerResources forRun(CrawlSettings settings) {
    return BY_RUN.computeIfAbsent(settings.runId(), id -> new WorkerResources(settings));
  }
}
