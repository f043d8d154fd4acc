package io.beamcrawl.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line as a user does, in this JVM, and keeps what it printed. */
record Cli(int exitCode, String console) {

  static Cli run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code = new Launcher(stream, stream).run(args);
    return new Cli(code, bytes.toString(StandardCharsets.UTF_8));
  }
}
