package io.beamcrawl.render;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a run's screenshots go: one PNG file a page, named by a hash of its job and URL, so the
 * same page has the same name in every run and a retried page writes the same file again.
 *
 * @param directory where the files are written (the run's staging area: its commit moves them)
 * @param recordedDirectory that directory as the pages table names it, relative to the output
 */
public record ScreenshotFiles(String directory, String recordedDirectory) implements Serializable {

  /**
   * Writes a page's screenshot, whole or not at all (written aside, then moved into place).
   *
   * @return the file's path as the pages table records it
   */
  public String write(String jobId, String url, byte[] png) {
    String name = name(jobId, url);
    Path dir = Path.of(directory);
    try {
      Files.createDirectories(dir);
      Path partial = Files.createTempFile(dir, ".partial-", ".png");
      Files.write(partial, png);
      Files.move(partial, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a screenshot into " + directory, e);
    }
    return recordedDirectory + "/" + name;
  }

  static String name(String jobId, String url) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest((jobId + "\n" + url).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16) + ".png";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
