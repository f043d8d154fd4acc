package io.beamcrawl.crawl;

import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.FrontierUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Crawls every job from its seeds, in rounds: round r selects the frontier at depth r from the
 * URLs found so far ({@link SelectFrontier}) and fetches it ({@link FetchPages}), whose links are
 * the candidates of round r + 1. The rounds are unrolled up to the deepest job's max_depth; a
 * round with nothing to do costs a few empty shuffles.
 *
 * <p>Output: {@link #PAGES}, one record per fetched URL, and {@link #URL_COUNTS}, per job, what
 * became of every distinct URL it discovered.
 */
public final class Crawl extends PTransform<PCollection<CrawlJob>, PCollectionTuple> {

  public static final TupleTag<CrawledPage> PAGES = CrawlState.PAGES;
  public static final TupleTag<KV<String, UrlCounts>> URL_COUNTS = CrawlState.URL_COUNTS;

  private final CrawlSettings settings;
  private final int rounds;

  private Crawl(CrawlSettings settings, int maxDepth) {
    this.settings = settings;
    this.rounds = maxDepth + 1;
  }

  /** A crawl unrolled to {@code maxDepth}, the deepest max_depth among the jobs. */
  public static Crawl of(CrawlSettings settings, int maxDepth) {
    return new Crawl(settings, maxDepth);
  }

  @Override
  public PCollectionTuple expand(PCollection<CrawlJob> jobs) {
    PCollectionView<Map<String, CrawlJob>> jobsById =
        jobs.apply(
                "KeyJobsById",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(CrawlJob.class)))
                    .via(job -> KV.of(job.id(), job)))
            .apply("JobsById", View.asMap());

    PCollectionTuple state =
        PCollectionTuple.of(
                CrawlState.CANDIDATES,
                jobs.apply(
                    "Seeds",
                    FlatMapElements.into(TypeDescriptor.of(FrontierUrl.class))
                        .via(
                            job ->
                                job.seeds().stream()
                                    .map(seed -> new FrontierUrl(job.id(), seed, 0, null))
                                    .toList())))
            .and(
                CrawlState.SEEN,
                jobs.getPipeline()
                    .apply(
                        "NothingSeen",
                        Create.empty(KvCoder.of(StringUtf8Coder.of(), VoidCoder.of()))))
            .and(
                CrawlState.SCHEDULED,
                jobs.apply(
                        "NothingScheduled",
                        MapElements.into(
                                TypeDescriptors.kvs(
                                    TypeDescriptors.strings(), TypeDescriptors.longs()))
                            .via(job -> KV.of(job.id(), 0L)))
                    .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));

    List<PCollection<CrawledPage>> pages = new ArrayList<>();
    List<PCollection<KV<String, UrlCounts>>> counts = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      PCollectionTuple selected =
          state.apply("SelectFrontier" + round, new SelectFrontier(jobsById, settings));
      PCollectionTuple fetched =
          selected
              .get(CrawlState.FRONTIER)
              .apply("FetchPages" + round, new FetchPages(jobsById, settings));
      pages.add(fetched.get(CrawlState.PAGES));
      counts.add(selected.get(CrawlState.URL_COUNTS));
      state =
          PCollectionTuple.of(CrawlState.CANDIDATES, fetched.get(CrawlState.CANDIDATES))
              .and(
                  CrawlState.SEEN,
                  CrawlState.flatten(
                      "Redirects" + round,
                      selected.get(CrawlState.SEEN),
                      fetched.get(CrawlState.SEEN)))
              .and(CrawlState.SCHEDULED, selected.get(CrawlState.SCHEDULED));
    }

    return PCollectionTuple.of(
            PAGES, PCollectionList.of(pages).apply("AllPages", Flatten.pCollections()))
        .and(
            URL_COUNTS,
            PCollectionList.of(counts)
                .apply("AllUrlCounts", Flatten.pCollections())
                .apply("SumUrlCounts", Combine.perKey(new SumUrlCounts())));
  }

  /** Adds up a job's URL counts from every round. */
  static final class SumUrlCounts extends Combine.BinaryCombineFn<UrlCounts> {
    @Override
    public UrlCounts apply(UrlCounts left, UrlCounts right) {
      return left.plus(right);
    }
  }
}
