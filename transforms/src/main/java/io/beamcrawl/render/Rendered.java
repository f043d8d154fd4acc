package io.beamcrawl.render;

/**
 * A page as the browser left it.
 *
 * @param html the document's HTML once the page settled
 * @param screenshot the PNG its rules asked for, or null
 * @param requests the requests the page made that the crawler answered (its own response aside)
 */
public record Rendered(String html, byte[] screenshot, int requests) {}
