package io.beamcrawl.render;

/**
 * A page as the browser left it.
 *
 * @param html the document's HTML once the page settled
 * @param screenshot the PNG its rules asked for, or null
 * @param millis how long the render took, navigation to HTML
 * @param requests the requests the page made that the crawler answered (its own response aside)
 * @param refused the requests the address guard refused
 */
public record Rendered(String html, byte[] screenshot, long millis, int requests, int refused) {}
