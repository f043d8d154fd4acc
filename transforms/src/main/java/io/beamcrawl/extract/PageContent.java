package io.beamcrawl.extract;

import java.io.Serializable;

/** One page's content as the extraction step sees it. */
public record PageContent(String url, String html, String markdown) implements Serializable {}
