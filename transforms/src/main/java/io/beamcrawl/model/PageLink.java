package io.beamcrawl.model;

import java.io.Serializable;

/**
 * A link a page offers to follow, as its row keeps it: what an incremental crawl follows when the
 * page answers 304 and sends no body.
 *
 * @param url normalised, as the crawl would fetch it
 * @param heading the text of the last heading before the link on its page, or ""
 */
public record PageLink(String url, String anchorText, String heading) implements Serializable {}
