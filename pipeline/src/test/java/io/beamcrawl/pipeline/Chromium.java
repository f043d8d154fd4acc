package io.beamcrawl.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;

/** Debian's Chromium, headless: opens a file as a person's browser would. */
final class Chromium {

  private static final String BINARY = "/usr/bin/chromium";

  private Chromium() {}

  /** The page's DOM once Chromium has loaded and laid it out. */
  static String dom(Path page, Path profile) throws IOException, InterruptedException {
    return run(profile, "--dump-dom", page.toUri().toString());
  }

  /** A screenshot of the page, {@code width} by {@code height} pixels, as PNG. */
  static void screenshot(Path page, Path png, int width, int height, Path profile)
      throws IOException, InterruptedException {
    run(profile, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
        "--hide-scrollbars", page.toUri().toString());
  }

  private static String run(Path profile, String... args) throws IOException, InterruptedException {
    String missing = "the report test opens the report in Chromium (apt-get install chromium, as"
        + " .ci/run does)";
    if (!Files.isExecutable(Path.of(BINARY))) {
      throw new IOException(BINARY + " is missing: " + missing);
    }
    // Without the network flags Chromium tries to reach Google's services, which this machine refuses.
    List<String> command = new ArrayList<>(List.of(
        BINARY, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile.toAbsolutePath()));
    command.addAll(List.of(args));
    return Processes.run(command, null, Duration.ofSeconds(90), missing);
  }
}
