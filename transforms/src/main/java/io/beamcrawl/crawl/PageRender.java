package io.beamcrawl.crawl;

import java.io.Serializable;

/**
 * Whether a page of a job that renders was rendered, and why.
 *
 * @param rendered the parsed page is the browser's document
 * @param reason why it was rendered or not ({@code render_reason})
 * @param screenshotUrl where its screenshot is, relative to the output; null without one
 */
public record PageRender(boolean rendered, String reason, String screenshotUrl) implements Serializable {}
