package io.beamcrawl.extract;

import io.beamcrawl.stats.Pricing;
import io.beamcrawl.util.Threads;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * A worker's model calls for one run: a pool of {@code perWorker} threads shared by every job,
 * and per job a bound of {@code perJob} calls in flight and its {@link CreditLedger}. A job's
 * pages all pass the worker that crawls its site, so its ledger there is the job's whole spend.
 */
final class ModelCalls implements AutoCloseable {

  /** One job's share of the calls. */
  static final class Job {
    final Semaphore calls;
    final CreditLedger credits;

    Job(int perJob, Double cap, Pricing pricing) {
      this.calls = new Semaphore(perJob);
      this.credits = new CreditLedger(cap, pricing);
    }
  }

  final ExecutorService pool;
  private final int perJob;
  private final Pricing pricing;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();

  ModelCalls(int perWorker, int perJob, Pricing pricing) {
    this.pool = Threads.daemonPool(perWorker, "beamcrawl-model");
    this.perJob = perJob;
    this.pricing = pricing;
  }

  Job job(String jobId, Double cap) {
    return jobs.computeIfAbsent(jobId, id -> new Job(perJob, cap, pricing));
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
