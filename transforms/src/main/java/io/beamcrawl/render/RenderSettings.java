package io.beamcrawl.render;

import java.io.File;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How a worker's browser renders pages; the same for every job of a run.
 *
 * @param chromium the browser's executable; null to look for Debian's {@code chromium} on the PATH
 * @param tabs the most pages a worker's browser renders at once
 * @param timeout the longest one render may take, from navigation to the page's HTML read back
 * @param idle how long the page must make no request for its network to count as idle
 * @param blocked resource types the browser is not given (CDP names: Image, Font, Media...)
 * @param viewportWidth the window's width in CSS pixels
 * @param viewportHeight the window's height in CSS pixels
 * @param maxScreenshotHeight a full-page screenshot is cut at this height
 */
public record RenderSettings(
    String chromium,
    int tabs,
    Duration timeout,
    Duration idle,
    Set<String> blocked,
    int viewportWidth,
    int viewportHeight,
    int maxScreenshotHeight)
    implements Serializable {

  /** What the browser is not given unless asked: a page's text and links never need them. */
  public static final Set<String> BLOCKED_BY_DEFAULT = Set.of("Image", "Font", "Media");

  private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

  public RenderSettings {
    if (tabs < 1) {
      throw new IllegalArgumentException("a browser needs at least one tab, not " + tabs);
    }
    blocked = Set.copyOf(blocked);
  }

  /** Defaults for tests and tools: {@code tabs} tabs, 15 s a render, 1280 by 800. */
  public static RenderSettings defaults(int tabs) {
    return new RenderSettings(
        null, tabs, Duration.ofSeconds(15), Duration.ofMillis(250), BLOCKED_BY_DEFAULT, 1280, 800, 16_384);
  }

  /** The same settings with {@code timeout} for a render. */
  public RenderSettings withTimeout(Duration renderTimeout) {
    return new RenderSettings(
        chromium, tabs, renderTimeout, idle, blocked, viewportWidth, viewportHeight, maxScreenshotHeight);
  }

  /**
   * The browser's executable.
   *
   * @throws IllegalStateException saying what to install when there is none
   */
  public Path executable() {
    if (chromium != null) {
      Path path = Path.of(chromium);
      if (Files.isExecutable(path)) {
        return path;
      }
      throw new IllegalStateException(
          "the browser " + chromium + " is not an executable file: fix --chromium, or install "
              + "Debian's chromium package (apt-get install chromium) and leave --chromium out");
    }
    String pathVariable = System.getenv("PATH");
    for (String dir : (pathVariable == null ? "/usr/bin" : pathVariable + File.pathSeparator + "/usr/bin")
        .split(File.pathSeparator)) {
      for (String name : NAMES) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException(
        "rendering pages needs Chromium, and none was found on the PATH: install Debian's chromium "
            + "package (apt-get install chromium), or name a Chromium or Chrome executable with "
            + "--chromium=PATH");
  }
}
