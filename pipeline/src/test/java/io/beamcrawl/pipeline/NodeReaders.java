package io.beamcrawl.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;

/**
 * Readers of the output that are not beamcrawl's own libraries: warcio.js (Webrecorder's WARC
 * library) run by Node.js. Installed once per build from {@code src/test/node}'s lock file.
 */
final class NodeReaders {

  private static final Path SOURCE = Path.of("src/test/node");
  private static final Path INSTALLED = Path.of("target/node-readers");
  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeReaders() {}

  /** Every record of the files, in file order, as warcio.js reads them (see read-warc.mjs). */
  static List<JsonNode> warcRecords(List<Path> files) throws IOException, InterruptedException {
    install();
    List<String> command = new ArrayList<>(List.of("node", "read-warc.mjs"));
    files.forEach(file -> command.add(file.toAbsolutePath().toString()));
    String out = run(command, INSTALLED);
    List<JsonNode> records = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        records.add(JSON.readTree(line));
      }
    }
    return records;
  }

  private static synchronized void install() throws IOException, InterruptedException {
    Files.createDirectories(INSTALLED);
    for (String name : List.of("package.json", "package-lock.json", "read-warc.mjs")) {
      Files.copy(SOURCE.resolve(name), INSTALLED.resolve(name),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(INSTALLED.resolve("node_modules/warcio"))) {
      run(List.of("npm", "ci", "--no-audit", "--no-fund"), INSTALLED);
    }
  }

  private static String run(List<String> command, Path directory)
      throws IOException, InterruptedException {
    return Processes.run(command, directory.toFile(), Duration.ofMinutes(5),
        "the tests read WARC files with Node.js and npm (apt-get install nodejs npm, as .ci/run does)");
  }
}
