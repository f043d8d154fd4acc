package io.beamcrawl.pipeline;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The command line: {@code extract} runs an {@link ExtractCommand}, {@code --demo} a {@link
 * DemoCommand}, anything else a {@link CrawlCommand}. Returns the exit code: 0 when the run
 * completed (failed pages are data), 2 for unusable options, input or output, 1 when the
 * pipeline failed.
 */
public final class Launcher {

  public static final int OK = 0;
  public static final int PIPELINE_FAILED = 1;
  public static final int USAGE = 2;

  static {
    // Unknown options are refused only for interfaces the factory knows. Each interface
    // registered costs start-up (the factory checks it against all the others): extract's own
    // are registered by its command.
    PipelineOptionsFactory.register(CrawlOptions.class);
  }

  private final Console console;

  public Launcher(PrintStream out, PrintStream err) {
    this.console = new Console(out, err);
  }

  public int run(String[] args) {
    if (args.length > 0 && args[0].equals(ExtractCommand.NAME)) {
      return new ExtractCommand(console).run(Arrays.copyOfRange(args, 1, args.length));
    }
    List<String> flags = new ArrayList<>();
    List<String> seedUrls = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        printHelp();
        return OK;
      }
      (arg.startsWith("--") ? flags : seedUrls).add(arg);
    }
    CrawlOptions options;
    try {
      options = PipelineOptionsFactory.fromArgs(DirectRunnerDefaults.addTo(flags)).as(CrawlOptions.class);
    } catch (IllegalArgumentException e) {
      return console.usage(e.getMessage());
    }
    return options.getDemo()
        ? new DemoCommand(console).run(options, flags, seedUrls)
        : new CrawlCommand(console).run(options, flags, seedUrls);
  }

  private void printHelp() {
    console.out().println("Usage: scripts/crawl [SEED_URL...] [--option=value...]");
    console.out().println("       scripts/crawl --seeds=FILE | --jobs=FILE | --demo [--option=value...]");
    console.out().println();
    PipelineOptionsFactory.printHelp(console.out(), CrawlOptions.class);
  }
}
