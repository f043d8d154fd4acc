package io.beamcrawl.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.beamcrawl.testing.TestWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A crawl of a few thousand pages writes as many page files as --targetFileBytes implies, not a
 * file per bundle, and every page is in them once.
 */
public class ParquetFileSizeTest {

  private static final int PAGES = 2_500;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void pagesAreWrittenInFilesOfTheTargetSizeEachRowOnce() throws Exception {
    try (TestWebServer server = TestWebServer.start("127.0.0.20")) {
      serveSite(server);
      Path output = tmp.newFolder("out").toPath();
      long target = 1 << 20;
      Cli cli =
          Cli.run(server.url("/"), "--output=" + output, "--allowPrivateNetworks",
              "--maxPages=" + PAGES, "--targetFileBytes=" + target, "--perHostConcurrency=16");
      assertEquals(cli.console(), 0, cli.exitCode());

      List<Path> files;
      try (Stream<Path> found = Files.list(output.resolve("pages").toFile().listFiles()[0].toPath())) {
        files = found.sorted().toList();
      }
      List<Long> sizes = new ArrayList<>();
      long total = 0;
      for (Path file : files) {
        sizes.add(Files.size(file));
        total += Files.size(file);
      }
      long implied = (total + target - 1) / target;
      assertTrue(sizes + " for a target of " + target,
          files.size() >= implied && files.size() <= implied + 1);
      // Files are joined whole, and here each is at most a quarter of the target: a file stops
      // short of it by less than one. The last holds what is left.
      for (long size : sizes.subList(0, sizes.size() - 1)) {
        assertTrue(sizes + " for a target of " + target, size > target * 0.6 && size <= target);
      }
      try (ResultSet row = Lake.query(
          "SELECT count(*), count(DISTINCT url) FROM " + Lake.table(output, "pages"))) {
        row.next();
        assertEquals(PAGES, row.getInt(1));
        assertEquals(PAGES, row.getInt(2));
      }
    }
  }

  /** A home page linking to every other page; each page a few KB of words, as text compresses. */
  private static void serveSite(TestWebServer server) {
    Random random = new Random(7);
    String[] words = new String[2_000];
    for (int i = 0; i < words.length; i++) {
      words[i] = Long.toString(random.nextLong() & 0xffffffffL, 36);
    }
    StringBuilder home = new StringBuilder("<html><body>");
    for (int page = 1; page < PAGES; page++) {
      home.append("<a href=\"/p").append(page).append("\">").append(page).append("</a> ");
      StringBuilder text = new StringBuilder("<html><body><article><h1>Page ").append(page).append("</h1>");
      for (int paragraph = 0; paragraph < 6; paragraph++) {
        text.append("<p>");
        for (int word = 0; word < 60; word++) {
          text.append(words[random.nextInt(words.length)]).append(' ');
        }
        text.append("</p>");
      }
      server.page("/p" + page, text.append("</article></body></html>").toString());
    }
    server.page("/", home.append("</body></html>").toString());
  }
}
