package io.beamcrawl.crawl;

import io.beamcrawl.fetch.FetchResult;
import io.beamcrawl.model.FrontierUrl;
import io.beamcrawl.parse.ParsedPage;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * One fetched URL as the crawl leaves it: the fetch (without its raw body), the parsed page when
 * it was HTML, and the content type seen in the bytes.
 *
 * @param parsed null unless the fetch succeeded with an HTML body; without its links, which
 *     became the outlinks
 * @param contentDigest sha256:HEX of the body as received, or null without a body
 * @param outlinksCount the distinct followable links found on the page
 * @param fetchAttempts fetches made for the URL, retries included
 */
@DefaultCoder(SerializableCoder.class)
public record CrawledPage(
    FrontierUrl entry,
    FetchResult fetch,
    ParsedPage parsed,
    String mimeDetected,
    String contentDigest,
    int outlinksCount,
    int fetchAttempts)
    implements Serializable {

  public boolean isSuccess() {
    return fetch.isSuccess();
  }
}
