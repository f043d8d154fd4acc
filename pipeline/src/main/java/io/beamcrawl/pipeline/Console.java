package io.beamcrawl.pipeline;

import java.io.PrintStream;

/** Where a command prints: progress and results to {@code out}, errors to {@code err}. */
record Console(PrintStream out, PrintStream err) {

  /** Says what is wrong and how to see every option; the exit code of a usage error. */
  int usage(String message) {
    err.println("error: " + message);
    err.println("Run with --help to see every option.");
    return Launcher.USAGE;
  }
}
