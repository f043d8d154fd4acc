package io.beamcrawl.parse;

import java.io.Serializable;

/**
 * A link found on a page.
 *
 * @param url absolute http(s) URL, fragment removed
 * @param nofollow the link carries rel=nofollow
 */
public record Link(String url, boolean nofollow, String anchorText) implements Serializable {}
