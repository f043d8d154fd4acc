package io.beamcrawl.crawl;

import io.beamcrawl.model.CrawlJob;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Whether a normalised URL belongs to a job's crawl: the same host as the base URL by default,
 * its subdomains with {@code allow_subdomains}, the whole registered domain with {@code
 * crawl_entire_domain}; then the include and exclude path patterns.
 */
public final class Scope {

  private final String baseHost;
  private final String baseDomain;
  private final boolean allowSubdomains;
  private final boolean entireDomain;
  private final List<Pattern> include;
  private final List<Pattern> exclude;

  private Scope(CrawlJob job) {
    this.baseHost = Objects.requireNonNull(UrlParts.host(job.baseUrl()), "base URL host");
    this.baseDomain = UrlParts.registeredDomain(baseHost);
    this.allowSubdomains = job.allowSubdomains();
    this.entireDomain = job.crawlEntireDomain();
    this.include = job.includePaths().stream().map(Pattern::compile).toList();
    this.exclude = job.excludePaths().stream().map(Pattern::compile).toList();
  }

  public static Scope of(CrawlJob job) {
    return new Scope(job);
  }

  /** True when the URL's host and path are both within the job's scope. */
  public boolean contains(String url) {
    return hostInScope(UrlParts.host(url)) && pathInScope(url);
  }

  /** True when the URL's host is within the job's scope; paths are not checked (seeds, redirects of seeds). */
  public boolean hostInScope(String host) {
    if (host == null) {
      return false;
    }
    if (host.equals(baseHost)) {
      return true;
    }
    if (entireDomain) {
      return baseDomain.equals(UrlParts.registeredDomain(host));
    }
    return allowSubdomains && host.endsWith("." + baseHost);
  }

  private boolean pathInScope(String url) {
    String path = URI.create(url).getRawPath();
    String p = path == null || path.isEmpty() ? "/" : path;
    if (exclude.stream().anyMatch(pattern -> pattern.matcher(p).find())) {
      return false;
    }
    return include.isEmpty() || include.stream().anyMatch(pattern -> pattern.matcher(p).find());
  }
}
