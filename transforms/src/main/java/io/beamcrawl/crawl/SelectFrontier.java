package io.beamcrawl.crawl;

import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.FrontierUrl;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Turns one round's candidate URLs into the next frontier: drops URLs the job has already seen,
 * then those out of scope, then those robots.txt disallows (checked per host, where robots.txt is
 * owned), and cuts the rest to each job's remaining budget. Every distinct new URL is counted in
 * exactly one {@link UrlCounts} bucket.
 *
 * <p>Input: a tuple of {@link CrawlState#CANDIDATES}, {@link CrawlState#SEEN} and {@link
 * CrawlState#SCHEDULED}. Output: {@link CrawlState#FRONTIER}, the updated SEEN and SCHEDULED, and
 * {@link CrawlState#URL_COUNTS}.
 */
final class SelectFrontier extends PTransform<PCollectionTuple, PCollectionTuple> {

  private final PCollectionView<Map<String, CrawlJob>> jobs;
  private final CrawlSettings settings;

  SelectFrontier(PCollectionView<Map<String, CrawlJob>> jobs, CrawlSettings settings) {
    this.jobs = jobs;
    this.settings = settings;
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple state) {
    PCollection<KV<String, FrontierUrl>> keyed =
        state
            .get(CrawlState.CANDIDATES)
            .apply(
                "KeyByJobAndUrl",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(FrontierUrl.class)))
                    .via(c -> KV.of(JobUrlKey.of(c.jobId(), c.url()), c)));

    TupleTag<FrontierUrl> candidateTag = new TupleTag<>();
    TupleTag<Void> seenTag = new TupleTag<>();
    PCollectionTuple fresh =
        KeyedPCollectionTuple.of(candidateTag, keyed)
            .and(seenTag, state.get(CrawlState.SEEN))
            .apply("JoinSeen", CoGroupByKey.create())
            .apply(
                "DropSeen",
                ParDo.of(new DropSeenFn(candidateTag, seenTag))
                    .withOutputTags(CrawlState.FRONTIER, TupleTagList.of(CrawlState.SEEN)));
    fresh.get(CrawlState.SEEN).setCoder(KvCoder.of(StringUtf8Coder.of(), VoidCoder.of()));

    PCollectionTuple scoped =
        fresh
            .get(CrawlState.FRONTIER)
            .apply(
                "CheckScope",
                ParDo.of(new ScopeFn(jobs, settings.trapRules()))
                    .withSideInputs(jobs)
                    .withOutputTags(CrawlState.FRONTIER, TupleTagList.of(CrawlState.URL_COUNTS)));

    PCollectionTuple allowed =
        scoped
            .get(CrawlState.FRONTIER)
            .apply(
                "KeyByOrigin",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(FrontierUrl.class)))
                    .via(c -> KV.of(UrlParts.origin(c.url()), c)))
            .apply("GroupByOrigin", GroupByKey.create())
            .apply(
                "CheckRobots",
                ParDo.of(new RobotsFn(settings))
                    .withOutputTags(CrawlState.FRONTIER, TupleTagList.of(CrawlState.URL_COUNTS)));

    TupleTag<FrontierUrl> allowedTag = new TupleTag<>();
    TupleTag<Long> scheduledTag = new TupleTag<>();
    PCollectionTuple cut =
        KeyedPCollectionTuple.of(
                allowedTag,
                allowed
                    .get(CrawlState.FRONTIER)
                    .apply(
                        "KeyByJob",
                        MapElements.into(
                                TypeDescriptors.kvs(
                                    TypeDescriptors.strings(),
                                    TypeDescriptor.of(FrontierUrl.class)))
                            .via(c -> KV.of(c.jobId(), c))))
            .and(scheduledTag, state.get(CrawlState.SCHEDULED))
            .apply("JoinScheduled", CoGroupByKey.create())
            .apply(
                "CutToBudget",
                ParDo.of(new BudgetFn(jobs, allowedTag, scheduledTag))
                    .withSideInputs(jobs)
                    .withOutputTags(
                        CrawlState.FRONTIER,
                        TupleTagList.of(CrawlState.SCHEDULED).and(CrawlState.URL_COUNTS)));

    return PCollectionTuple.of(CrawlState.FRONTIER, cut.get(CrawlState.FRONTIER))
        .and(
            CrawlState.SEEN,
            CrawlState.flatten(
                "UpdateSeen", state.get(CrawlState.SEEN), fresh.get(CrawlState.SEEN)))
        .and(CrawlState.SCHEDULED, cut.get(CrawlState.SCHEDULED))
        .and(
            CrawlState.URL_COUNTS,
            CrawlState.flatten(
                "UrlCounts",
                scoped.get(CrawlState.URL_COUNTS),
                allowed.get(CrawlState.URL_COUNTS),
                cut.get(CrawlState.URL_COUNTS)));
  }

  /** Of two finders of one URL, the one kept: the same whatever order they come in. */
  static FrontierUrl firstFinder(FrontierUrl a, FrontierUrl b) {
    return DropSeenFn.FIRST_FINDER.compare(b, a) < 0 ? b : a;
  }

  /** Keeps a URL only when no earlier round saw it; of its finders this round, one wins. */
  static final class DropSeenFn extends DoFn<KV<String, CoGbkResult>, FrontierUrl> {
    private final TupleTag<FrontierUrl> candidateTag;
    private final TupleTag<Void> seenTag;

    DropSeenFn(TupleTag<FrontierUrl> candidateTag, TupleTag<Void> seenTag) {
      this.candidateTag = candidateTag;
      this.seenTag = seenTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, MultiOutputReceiver out) {
      if (joined.getValue().getAll(seenTag).iterator().hasNext()) {
        return;
      }
      FrontierUrl first = null;
      for (FrontierUrl candidate : joined.getValue().getAll(candidateTag)) {
        if (first == null || FIRST_FINDER.compare(candidate, first) < 0) {
          first = candidate;
        }
      }
      if (first != null) {
        out.get(CrawlState.FRONTIER).output(first);
        out.get(CrawlState.SEEN).output(KV.of(joined.getKey(), null));
      }
    }

    // Deterministic whatever order the runner delivers the finders in.
    static final Comparator<FrontierUrl> FIRST_FINDER =
        BudgetCut.ORDER.thenComparing(
            c -> c.parentUrl() == null ? "" : c.parentUrl());
  }

  /**
   * Seeds are in scope by definition; links must match the job's hosts and path patterns, and
   * must not look like a crawler trap.
   */
  static final class ScopeFn extends DoFn<FrontierUrl, FrontierUrl> {
    private final PCollectionView<Map<String, CrawlJob>> jobs;
    private final TrapRules trapRules;
    private transient Map<String, Scope> scopes;

    ScopeFn(PCollectionView<Map<String, CrawlJob>> jobs, TrapRules trapRules) {
      this.jobs = jobs;
      this.trapRules = trapRules;
    }

    @StartBundle
    public void startBundle() {
      scopes = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element FrontierUrl candidate, ProcessContext context, MultiOutputReceiver out) {
      Scope scope =
          scopes.computeIfAbsent(
              candidate.jobId(), id -> Scope.of(context.sideInput(jobs).get(id)));
      if (candidate.parentUrl() == null) {
        out.get(CrawlState.FRONTIER).output(candidate);
        return;
      }
      String trap = null;
      if (!scope.contains(candidate.url())
          || (trap = trapRules.check(candidate.url())) != null) {
        UrlCounts dropped =
            trap == null ? UrlCounts.of(UrlDecision.OUT_OF_SCOPE, 1) : UrlCounts.trapped(trap, 1);
        out.get(CrawlState.URL_COUNTS).output(KV.of(candidate.jobId(), dropped));
        return;
      }
      out.get(CrawlState.FRONTIER).output(candidate);
    }
  }

  /** One origin's candidates against its robots.txt, fetched once per worker and run. */
  static final class RobotsFn extends DoFn<KV<String, Iterable<FrontierUrl>>, FrontierUrl> {
    private final CrawlSettings settings;

    RobotsFn(CrawlSettings settings) {
      this.settings = settings;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<FrontierUrl>> origin, MultiOutputReceiver out) {
      WorkerResources resources = WorkerResources.forRun(settings);
      for (FrontierUrl candidate : origin.getValue()) {
        if (resources.robots.isAllowed(candidate.url())) {
          out.get(CrawlState.FRONTIER).output(candidate);
        } else {
          out.get(CrawlState.URL_COUNTS)
              .output(
                  KV.of(candidate.jobId(), UrlCounts.of(UrlDecision.DISALLOWED_BY_ROBOTS, 1)));
        }
      }
    }
  }

  /** A job's allowed candidates cut to what is left of its budget. */
  static final class BudgetFn extends DoFn<KV<String, CoGbkResult>, FrontierUrl> {
    private final PCollectionView<Map<String, CrawlJob>> jobs;
    private final TupleTag<FrontierUrl> allowedTag;
    private final TupleTag<Long> scheduledTag;

    BudgetFn(
        PCollectionView<Map<String, CrawlJob>> jobs,
        TupleTag<FrontierUrl> allowedTag,
        TupleTag<Long> scheduledTag) {
      this.jobs = jobs;
      this.allowedTag = allowedTag;
      this.scheduledTag = scheduledTag;
    }

    @ProcessElement
    public void process(
        @Element KV<String, CoGbkResult> joined, ProcessContext context, MultiOutputReceiver out) {
      String jobId = joined.getKey();
      long scheduled = joined.getValue().getOnly(scheduledTag, 0L);
      CrawlJob job = context.sideInput(jobs).get(jobId);
      BudgetCut.Result cut =
          BudgetCut.cut(joined.getValue().getAll(allowedTag), job.maxPages() - scheduled);
      cut.selected().forEach(out.get(CrawlState.FRONTIER)::output);
      UrlCounts counts =
          UrlCounts.of(UrlDecision.SCHEDULED, cut.selected().size())
              .plus(UrlCounts.of(UrlDecision.OVER_BUDGET, cut.overBudget().size()));
      if (!counts.equals(UrlCounts.ZERO)) {
        out.get(CrawlState.URL_COUNTS).output(KV.of(jobId, counts));
      }
      out.get(CrawlState.SCHEDULED).output(KV.of(jobId, scheduled + cut.selected().size()));
    }
  }
}
