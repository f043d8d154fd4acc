package io.beamcrawl.parse;

import java.io.Serializable;
import java.util.List;

/**
 * What the crawl keeps of an HTML page.
 *
 * @param html the document as received, decoded with {@code charset}
 * @param charset the charset the bytes were decoded with
 * @param languages declared languages (html lang, Content-Language meta), lower case
 * @param canonicalUrl the absolute rel=canonical URL, or null
 * @param metaNofollow a robots meta tag says nofollow (or none)
 * @param metaNoindex a robots meta tag says noindex (or none)
 * @param links distinct links in document order
 * @param metadataJson what the page declares about itself ({@link PageMetadata}), read when the
 *     job wants it; else null
 */
public record ParsedPage(
    String title,
    String html,
    String charset,
    List<String> languages,
    String canonicalUrl,
    boolean metaNofollow,
    boolean metaNoindex,
    List<Link> links,
    String markdown,
    String metadataJson)
    implements Serializable {

  public ParsedPage {
    languages = List.copyOf(languages);
    links = List.copyOf(links);
  }

  /** The page once its links have been followed: what later steps keep of it is smaller. */
  public ParsedPage withoutLinks() {
    return new ParsedPage(
        title, html, charset, languages, canonicalUrl, metaNofollow, metaNoindex, List.of(), markdown,
        metadataJson);
  }
}
