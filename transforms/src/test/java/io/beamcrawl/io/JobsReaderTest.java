package io.beamcrawl.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.JobDefaults;
import io.beamcrawl.model.LinkSelection;
import io.beamcrawl.model.RenderMode;
import io.beamcrawl.model.RenderRules;
import io.beamcrawl.model.ScreenshotMode;
import io.beamcrawl.model.SitemapMode;
import io.beamcrawl.model.RejectedLine;
import java.util.List;
import org.junit.Test;

public class JobsReaderTest {

  private static final JobDefaults DEFAULTS =
      new JobDefaults(
          100, 5, List.of(), List.of("/private/"), false, false, false, "follow all", null, null, null,
          null, LinkSelection.EMBEDDING, SitemapMode.INCLUDE, false, RenderRules.NEVER);

  private final JobsReader reader = new JobsReader(DEFAULTS);

  @Test
  public void readsAJobAndFillsDefaults() {
    JobsInput input =
        reader.readJsonLines(
            "jobs.jsonl",
            List.of(
                "{\"id\":\"blog\",\"base_url\":\"HTTPS://Example.com/blog#top\",\"max_pages\":10,"
                    + "\"include_paths\":[\"^/blog/\"],\"transform_instruction\":\"get titles\"}"));
    assertTrue(input.rejected().isEmpty());
    CrawlJob job = input.jobs().get(0);
    assertEquals("blog", job.id());
    assertEquals("https://example.com/blog", job.baseUrl());
    assertEquals(List.of("https://example.com/blog"), job.seeds());
    assertEquals(10, job.maxPages());
    assertEquals(5, job.maxDepth());
    assertEquals(List.of("^/blog/"), job.includePaths());
    assertEquals(List.of("/private/"), job.excludePaths());
    assertEquals("follow all", job.crawlInstruction());
    assertEquals("get titles", job.transformInstruction());
    assertFalse(job.allowSubdomains());
  }

  @Test
  public void sitemapIsReadAndDefaultedAndAWrongOneRejected() {
    JobsInput input =
        reader.readJsonLines(
            "jobs.jsonl",
            List.of(
                "{\"base_url\":\"https://a.example/\"}",
                "{\"base_url\":\"https://b.example/\",\"sitemap\":\"ONLY\"}",
                "{\"base_url\":\"https://c.example/\",\"sitemap\":\"skip\"}",
                "{\"base_url\":\"https://d.example/\",\"sitemap\":\"all\"}"));
    assertEquals(
        List.of(SitemapMode.INCLUDE, SitemapMode.ONLY, SitemapMode.SKIP),
        input.jobs().stream().map(CrawlJob::sitemap).toList());
    assertEquals(1, input.rejected().size());
    assertEquals(4, input.rejected().get(0).lineNumber());
    assertTrue(input.rejected().get(0).reason(),
        input.rejected().get(0).reason().contains("\"sitemap\" must be include, only or skip"));
  }

  @Test
  public void renderWaitForAndScreenshotAreReadDefaultedAndWrongOnesRejected() {
    JobsInput input =
        reader.readJsonLines(
            "jobs.jsonl",
            List.of(
                "{\"base_url\":\"https://a.example/\"}",
                "{\"base_url\":\"https://b.example/\",\"render\":\"AUTO\",\"wait_for\":\"#app .item\"}",
                "{\"base_url\":\"https://c.example/\",\"render\":\"always\",\"wait_for\":1500,"
                    + "\"screenshot\":\"full_page\"}",
                "{\"base_url\":\"https://d.example/\",\"render\":\"sometimes\"}",
                "{\"base_url\":\"https://e.example/\",\"screenshot\":\"viewport\"}",
                "{\"base_url\":\"https://f.example/\",\"render\":\"auto\",\"wait_for\":-5}"));
    assertEquals(
        List.of(RenderRules.NEVER,
            new RenderRules(RenderMode.AUTO, "#app .item", ScreenshotMode.NONE),
            new RenderRules(RenderMode.ALWAYS, "1500", ScreenshotMode.FULL_PAGE)),
        input.jobs().stream().map(CrawlJob::render).toList());
    assertEquals("#app .item", input.jobs().get(1).render().waitSelector());
    assertEquals(1500, input.jobs().get(2).render().waitMillis());
    List<String> reasons = input.rejected().stream().map(r -> r.lineNumber() + ": " + r.reason()).toList();
    assertEquals(3, reasons.size());
    assertTrue(reasons.get(0), reasons.get(0).startsWith("4: \"render\" must be never, always or auto"));
    assertTrue(reasons.get(1), reasons.get(1).startsWith("5: \"screenshot\" needs a rendered page"));
    assertTrue(reasons.get(2), reasons.get(2).startsWith("6: \"wait_for\" must be a CSS selector or a number"));
  }

  @Test
  public void incrementalIsReadAndDefaultedAndAWrongOneRejected() {
    JobsInput input =
        reader.readJsonLines(
            "jobs.jsonl",
            List.of(
                "{\"base_url\":\"https://a.example/\"}",
                "{\"base_url\":\"https://b.example/\",\"incremental\":true}",
                "{\"base_url\":\"https://c.example/\",\"incremental\":\"often\"}"));
    assertEquals(List.of(false, true), input.jobs().stream().map(CrawlJob::incremental).toList());
    assertNull("an earlier crawl is found at run time", input.jobs().get(1).earlierCrawl());
    assertEquals(1, input.rejected().size());
    assertEquals(3, input.rejected().get(0).lineNumber());
    assertTrue(input.rejected().get(0).reason(), input.rejected().get(0).reason().contains("incremental"));
  }

  @Test
  public void linkSelectionIsReadAndDefaultedAndAWrongOneRejected() {
    JobsInput input =
        reader.readJsonLines(
            "j",
            List.of(
                "{\"id\":\"a\",\"base_url\":\"http://a.test/\",\"link_selection\":\"LLM\"}",
                "{\"id\":\"b\",\"base_url\":\"http://b.test/\"}",
                "{\"id\":\"c\",\"base_url\":\"http://c.test/\",\"link_selection\":\"gpt\"}"));
    assertEquals(
        List.of(LinkSelection.LLM, LinkSelection.EMBEDDING),
        input.jobs().stream().map(CrawlJob::linkSelection).toList());
    assertTrue(input.jobs().get(0).picksLinksWithModel()); // the default instruction is set
    assertThat(
        input.rejected().get(0).reason(),
        containsString("\"link_selection\" must be embedding or llm, got gpt"));
  }

  @Test
  public void aCrawl4AiSchemaIsTakenAsItIs() {
    JobsInput input =
        reader.readJsonLines(
            "j",
            List.of(
              "{\"base_url\":\"http://a.test/\",\"schema\":{\"name\":\"links\",\"baseSelector\":\"ul li\","
                + "\"fields\":[{\"name\":\"text\",\"selector\":\"a\",\"type\":\"text\"}]}}"));
    assertTrue(input.rejected().toString(), input.rejected().isEmpty());
    assertThat(input.jobs().get(0).schema(), containsString("baseSelector"));
  }

  @Test
  public void extraSeedsFollowTheBaseUrlOnce() {
    CrawlJob job =
        reader
            .readJsonLines(
                "j",
                List.of(
                    "{\"base_url\":\"http://a.test/\",\"seeds\":[\"http://a.test/x\",\"http://a.test/\"]}"))
            .jobs()
            .get(0);
    assertEquals(List.of("http://a.test/", "http://a.test/x"), job.seeds());
    assertEquals(JobsReader.derivedId("http://a.test/"), job.id());
  }

  @Test
  public void badLinesAreRejectedWithTheirNumberAndReasonAndTheRestStillRun() {
    JobsInput input =
        reader.readJsonLines(
            "jobs.jsonl",
            List.of(
                "{\"id\":\"ok\",\"base_url\":\"http://a.test/\"}",
                "{not json",
                "",
                "{\"id\":\"x\"}",
                "{\"id\":\"y\",\"base_url\":\"ftp://a.test/\"}",
                "{\"id\":\"z\",\"base_url\":\"http://a.test/\",\"max_pages\":-1}",
                "{\"id\":\"ok\",\"base_url\":\"http://b.test/\"}",
                "{\"id\":\"w\",\"base_url\":\"http://a.test/\",\"max_page\":3}",
                "{\"id\":\"v\",\"base_url\":\"http://a.test/\",\"exclude_paths\":[\"([\"]}",
                "[1,2]",
                "{\"id\":\"u\",\"base_url\":\"example.com/page\"}",
                "{\"id\":\"t\",\"base_url\":\"http://a.test/\",\"max_depth\":\"deep\"}"));
    assertEquals(List.of("ok"), input.jobs().stream().map(CrawlJob::id).toList());
    List<RejectedLine> rejected = input.rejected();
    assertEquals(
        List.of(2, 4, 5, 6, 7, 8, 9, 10, 11, 12),
        rejected.stream().map(RejectedLine::lineNumber).toList());
    assertThat(rejected.get(0).reason(), containsString("invalid JSON"));
    assertThat(rejected.get(1).reason(), containsString("missing \"base_url\""));
    assertThat(rejected.get(2).reason(), containsString("unsupported scheme \"ftp\""));
    assertThat(rejected.get(3).reason(), containsString("\"max_pages\" must be at least 1"));
    assertThat(rejected.get(4).reason(), containsString("duplicate job id \"ok\" (first on line 1)"));
    assertThat(rejected.get(5).reason(), containsString("unknown field \"max_page\""));
    assertThat(rejected.get(6).reason(), containsString("invalid regular expression"));
    assertThat(rejected.get(7).reason(), containsString("expected a JSON object"));
    assertThat(rejected.get(8).reason(), containsString("needs an absolute URL"));
    assertThat(rejected.get(9).reason(), containsString("\"max_depth\" must be a whole number"));
    assertEquals("jobs.jsonl", rejected.get(0).source());
    assertEquals("{not json", rejected.get(0).line());
  }

  @Test
  public void aValueOfTheWrongKindIsRejectedNamingItsField() {
    List<String> reasons =
        reader
            .readJsonLines(
                "j",
                List.of(
                    "{\"base_url\":\"http://a.test/\",\"seeds\":\"http://a.test/x\"}",
                    "{\"base_url\":\"http://a.test/\",\"allow_subdomains\":\"yes\"}",
                    "{\"base_url\":\"http://a.test/\",\"max_pages\":2.5}",
                    "{\"base_url\":\"http://a.test/\",\"max_pages\":\"7\"}",
                    "{\"base_url\":\"http://a.test/\",\"max_credits\":-1}",
                    "{\"base_url\":\"http://a.test/\",\"min_relevance\":2}",
                    "{\"base_url\":\"http://a.test/\",\"schema\":[1]}"))
            .rejected()
            .stream()
            .map(RejectedLine::reason)
            .toList();
    assertEquals(
        List.of(
            "\"seeds\" must be a list of strings, got \"http://a.test/x\"",
            "\"allow_subdomains\" must be true or false, got \"yes\"",
            "\"max_pages\" must be a whole number, got 2.5",
            "\"max_pages\" must be a whole number, got \"7\"",
            "\"max_credits\" must be a number >= 0, got -1.0",
            "\"min_relevance\" must be a number from 0 to 1, got 2.0",
            "\"schema\" must be a JSON object"),
        reasons);
  }

  @Test
  public void seedFilesSkipCommentsAndBlankLinesAndRejectDuplicates() {
    JobsInput input =
        reader.readSeedLines(
            "seeds.txt",
            List.of("# my sites", "http://a.test/", "", "  http://b.test/x  ", "mailto:me@a.test", "http://A.test/"));
    assertEquals(
        List.of("http://a.test/", "http://b.test/x"),
        input.jobs().stream().map(CrawlJob::baseUrl).toList());
    assertEquals(List.of(5, 6), input.rejected().stream().map(RejectedLine::lineNumber).toList());
    assertThat(input.rejected().get(1).reason(), containsString("duplicate job id"));
    assertEquals(100, input.jobs().get(0).maxPages());
  }

  @Test
  public void maxDepthOfTheInputIsTheDeepestJob() {
    JobsInput input =
        reader.readJsonLines(
            "j",
            List.of(
                "{\"id\":\"a\",\"base_url\":\"http://a.test/\",\"max_depth\":1}",
                "{\"id\":\"b\",\"base_url\":\"http://b.test/\",\"max_depth\":7}"));
    assertEquals(7, input.maxDepth());
  }
}
