package io.beamcrawl.pipeline;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs another program for a test: its output kept, its time bounded, stopped if it overruns. */
final class Processes {

  private Processes() {}

  /**
   * @return what the program printed on its standard output
   * @throws IOException when it cannot start (with {@code missing}, saying what to install), fails,
   *     or runs past {@code timeout}
   */
  static String run(List<String> command, File directory, Duration timeout, String missing)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("process", ".out");
    Path err = Files.createTempFile("process", ".err");
    try {
      Process process;
      try {
        process = new ProcessBuilder(command).directory(directory)
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      } catch (IOException e) {
        throw new IOException("cannot run " + command.get(0) + ": " + missing, e);
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IOException(String.join(" ", command) + " did not finish in " + timeout + ": "
            + Files.readString(err, StandardCharsets.UTF_8));
      }
      if (process.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
            + Files.readString(err, StandardCharsets.UTF_8));
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
