package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.extract.llm.LlmLinkPicker;
import io.beamcrawl.extract.llm.LlmSettings;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.LinkSelection;
import io.beamcrawl.testing.FakeChatServer;
import io.beamcrawl.testing.ManualSite;
import io.beamcrawl.testing.TestWebServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

/**
 * A crawl instruction steers the budget: on a manual of four chapters, a quarter of the site's
 * pages as the budget and an instruction about one chapter fetch that chapter, where breadth
 * first fetches the chapters' indexes and whatever comes first at the next depth.
 */
public class GuidedCrawlTest {

  private static final String CHAPTER = "Backup and restore";

  private final TestWebServer server = TestWebServer.start("127.0.0.14");
  private final ManualSite manual = new ManualSite(server);
  private CrawlEngine engine;

  @After
  public void stop() {
    if (engine != null) {
      engine.close();
    }
    server.close();
  }

  /** Crawls one job to its end; the paths the server was asked for, robots.txt left out. */
  private Set<String> crawl(String instruction, Double minRelevance, RelevanceModel model)
      throws InterruptedException {
    return crawl(instruction, minRelevance, TestCrawlSettings.of("guided-crawl-test", 4, model));
  }

  private Set<String> crawl(String instruction, Double minRelevance, CrawlSettings settings)
      throws InterruptedException {
    int budget = manual.allPaths().size() / 4;
    CrawlJob job =
        new CrawlJob(
                "guided", server.url("/"), List.of(server.url("/")), instruction, null, budget, 10,
                List.of(), List.of(), false, false, false, null, null, null)
            .withGuidance(
                minRelevance,
                settings.linkPicker() == null ? LinkSelection.EMBEDDING : LinkSelection.LLM);
    engine = new CrawlEngine(settings);
    BlockingQueue<Handover> handovers = new LinkedBlockingQueue<>();
    SiteCrawler site = engine.start(List.of(job), 0, handovers);
    pages.clear();
    for (Handover item = handovers.poll(30, TimeUnit.SECONDS);
        item.pageOrThrow() != null;
        item = handovers.poll(30, TimeUnit.SECONDS)) {
      pages.add(item.pageOrThrow());
      site.handedOver(1);
    }
    counts = site.urlCounts().get("guided");
    Set<String> asked = new HashSet<>(server.requestedPaths());
    asked.remove("/robots.txt");
    assertEquals("no page asked twice", server.requestedPaths().size() - 1, asked.size());
    return asked;
  }

  private UrlCounts counts;
  private final List<CrawledPage> pages = new ArrayList<>();

  /** Settings whose links a model on {@code llm} picks, scored offline by words. */
  private static CrawlSettings pickedBy(FakeChatServer llm) {
    LlmSettings model =
        LlmSettings.of(llm.endpoint(), "test-model")
            .withApiKeyEnv(null)
            .withRetries(1, Duration.ZERO, Duration.ZERO);
    return TestCrawlSettings.of("guided-crawl-test", 4, RelevanceModel.LEXICAL)
        .withLinkPicker(LlmLinkPicker.create(model), 4);
  }

  @Test
  public void aModelPicksTheLinksFollowedAndItsTokensAreOnThePages() throws Exception {
    String chapterPath = manual.chapter(CHAPTER).get(0);
    try (FakeChatServer llm =
        FakeChatServer.start()
            .answerWith(request -> FakeChatServer.pickLinks(request, url -> url.contains(chapterPath)))) {
      Set<String> fetched = crawl("Find the pages on backups and restoring data", null, pickedBy(llm));

      List<String> chapter = manual.chapter(CHAPTER);
      assertTrue("only what the model picked: " + fetched,
          fetched.stream().allMatch(p -> p.equals("/") || chapter.contains(p)));
      assertMostlyTheChapter(fetched);
      assertTrue("links left by the model are counted", counts.belowRelevance() > 0);
      // One call per page with new links, each with the instruction and the page's links.
      List<CrawledPage> asked = pages.stream().filter(p -> p.linkPicks() != null).toList();
      assertEquals(llm.requests().size(), asked.size());
      assertTrue(llm.requests().stream().allMatch(r ->
          FakeChatServer.lastMessage(r.json(), "user").contains("backups and restoring data")
              && FakeChatServer.lastMessage(r.json(), "user").contains("1. ")));
      assertEquals(llm.promptTokensReported(), asked.stream().mapToLong(CrawledPage::crawlInputTokens).sum());
      assertEquals(llm.completionTokensReported(), asked.stream().mapToLong(CrawledPage::crawlOutputTokens).sum());
      assertTrue(asked.stream().noneMatch(p -> p.linkPicks().failed()));
    }
  }

  @Test
  public void aFailingModelLeavesTheChoiceToTheOfflineScore() throws Exception {
    Set<String> offline =
        crawl("Find the pages on backups and restoring data", null, RelevanceModel.LEXICAL);
    engine.close();
    server.clearLog();
    try (FakeChatServer llm = FakeChatServer.start().failNext(10_000, 400)) {
      Set<String> fallen = crawl("Find the pages on backups and restoring data", null, pickedBy(llm));

      assertEquals(offline, fallen);
      List<CrawledPage> asked = pages.stream().filter(p -> p.linkPicks() != null).toList();
      assertEquals(llm.requests().size(), asked.size());
      assertTrue(asked.size() > 1);
      assertTrue(asked.stream().allMatch(p -> p.linkPicks().failure().contains("HTTP 400")));
    }
  }

  @Test
  public void anInstructionSpendsTheBudgetOnItsChapterScoredByWords() throws Exception {
    assertMostlyTheChapter(
        crawl("Find the pages on backups and restoring data", null, RelevanceModel.LEXICAL));
  }

  @Test
  public void anInstructionSpendsTheBudgetOnItsChapterScoredByEmbeddings() throws Exception {
    assertMostlyTheChapter(
        crawl("Find the pages on backups and restoring data", null, RelevanceModel.EMBEDDING));
  }

  /** Words the chapter's titles and URLs do not use: only meaning connects them. */
  @Test
  public void embeddingsFollowAnInstructionInOtherWords() throws Exception {
    assertMostlyTheChapter(
        crawl(
            "what to do when I lose my data and need to get it back",
            null,
            RelevanceModel.EMBEDDING));
  }

  private void assertMostlyTheChapter(Set<String> fetched) {
    List<String> chapter = manual.chapter(CHAPTER);
    long inChapter = fetched.stream().filter(chapter::contains).count();
    assertEquals(manual.allPaths().size() / 4, fetched.size());
    assertTrue("fetched in the chapter: " + inChapter + " of " + fetched.size() + ": " + fetched,
        inChapter >= 0.8 * fetched.size());
    assertTrue("of the chapter's " + chapter.size() + " pages: " + inChapter,
        inChapter >= 0.8 * chapter.size());
  }

  @Test
  public void withoutAnInstructionTheBudgetGoesBreadthFirst() throws Exception {
    Set<String> fetched = crawl(null, null, RelevanceModel.EMBEDDING);

    List<String> chapter = manual.chapter(CHAPTER);
    long inChapter = fetched.stream().filter(chapter::contains).count();
    assertEquals(manual.allPaths().size() / 4, fetched.size());
    // The home page and every chapter's index first, then depth 2 in URL order.
    for (String title :
        List.of(CHAPTER, "Replication and high availability", "Query tuning and indexes")) {
      assertTrue(fetched.contains(manual.chapter(title).get(0)));
    }
    assertTrue("fetched in the chapter: " + inChapter, inChapter < 0.8 * chapter.size());
  }

  @Test
  public void linksBelowTheLeastRelevanceAreCountedNotFollowed() throws Exception {
    Set<String> fetched =
        crawl("Find the pages on backups and restoring data", 0.3, RelevanceModel.LEXICAL);

    List<String> chapter = manual.chapter(CHAPTER);
    assertTrue("fetched: " + fetched, fetched.stream().allMatch(p -> p.equals("/") || chapter.contains(p)));
    assertTrue(counts.belowRelevance() > 0);
    assertEquals(counts.discovered(),
        counts.scheduled() + counts.outOfScope() + counts.disallowedByRobots() + counts.overBudget()
            + counts.trapped() + counts.belowRelevance());
  }
}
