package io.beamcrawl.parse;

import java.io.Serializable;

/**
 * A link found on a page.
 *
 * @param url absolute http(s) URL, fragment removed
 * @param nofollow the link carries rel=nofollow
 * @param heading the text of the last heading before the link on its page, or ""
 */
public record Link(String url, boolean nofollow, String anchorText, String heading)
    implements Serializable {}
