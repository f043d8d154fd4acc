package io.beamcrawl.crawl;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.model.CrawlJob;
import java.util.List;
import org.junit.Test;

public class ScopeTest {

  private static CrawlJob job(
      List<String> include, List<String> exclude, boolean subdomains, boolean entireDomain) {
    return new CrawlJob(
        "j", "https://blog.example.com/", List.of("https://blog.example.com/"), null, null, 10, 2,
        include, exclude, subdomains, entireDomain, false, null, null, null);
  }

  @Test
  public void sameHostOnlyByDefault() {
    Scope scope = Scope.of(job(List.of(), List.of(), false, false));
    assertTrue(scope.contains("https://blog.example.com/post"));
    assertTrue(scope.contains("http://blog.example.com/post"));
    assertFalse(scope.contains("https://www.example.com/"));
    assertFalse(scope.contains("https://api.blog.example.com/"));
    assertFalse(scope.contains("https://other.org/"));
  }

  @Test
  public void subdomainsWhenAllowed() {
    Scope scope = Scope.of(job(List.of(), List.of(), true, false));
    assertTrue(scope.contains("https://api.blog.example.com/"));
    assertFalse(scope.contains("https://www.example.com/"));
    assertFalse(scope.contains("https://evilblog.example.com/"));
  }

  @Test
  public void entireRegisteredDomainWhenAsked() {
    Scope scope = Scope.of(job(List.of(), List.of(), false, true));
    assertTrue(scope.contains("https://www.example.com/"));
    assertTrue(scope.contains("https://example.com/"));
    assertFalse(scope.contains("https://example.org/"));
  }

  @Test
  public void includeAndExcludePatternsAreSearchedInThePath() {
    Scope scope = Scope.of(job(List.of("^/posts/", "^/about$"), List.of("/drafts?/"), false, false));
    assertTrue(scope.contains("https://blog.example.com/posts/hello"));
    assertTrue(scope.contains("https://blog.example.com/about"));
    assertFalse(scope.contains("https://blog.example.com/posts/draft/x"));
    assertFalse(scope.contains("https://blog.example.com/tags/x"));
    assertFalse(scope.contains("https://blog.example.com/about/team"));
  }
}
