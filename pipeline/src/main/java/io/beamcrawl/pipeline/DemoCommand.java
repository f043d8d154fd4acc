package io.beamcrawl.pipeline;

import io.beamcrawl.pipeline.demo.DemoSite;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code scripts/crawl --demo}: serves the bundled demo site on loopback and crawls it (with any
 * other seeds given) into ./demo-output unless --output says otherwise.
 */
final class DemoCommand {

  private final Console console;

  DemoCommand(Console console) {
    this.console = console;
  }

  int run(CrawlOptions options, List<String> flags, List<String> seedUrls) {
    if (flags.stream().noneMatch(flag -> flag.startsWith("--output="))) {
      options.setOutput("demo-output");
    }
    // The demo site is served on loopback, which the address guard refuses: its address alone
    // is let through, and the guard stays on for every other seed.
    List<String> allowed = new ArrayList<>(Objects.requireNonNullElse(options.getAllowedNetworks(), List.of()));
    allowed.add(DemoSite.ADDRESS + "/32");
    options.setAllowedNetworks(allowed);
    try (DemoSite site = DemoSite.start()) {
      console
          .out()
          .println(
              "Serving the demo site at " + site.baseUrl() + " (the address guard lets "
                  + DemoSite.ADDRESS + " through)");
      List<String> seeds = new ArrayList<>(seedUrls);
      seeds.add(site.baseUrl() + "/");
      return new CrawlCommand(console).run(options, flags, seeds);
    }
  }
}
