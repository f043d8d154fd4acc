package io.beamcrawl.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beamcrawl.parse.HtmlParser;
import io.beamcrawl.parse.MainContent;
import io.beamcrawl.parse.Markdown;
import io.beamcrawl.parse.MarkdownText;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Runs the main-content extraction over a folder of pages ({@code KEY.html} or
 * {@code KEY.html.gz}) and writes {@code {"KEY": {"articleBody": TEXT}}}, the text being the plain
 * text of each page's main-content markdown. Then times the steps, one thread, over a few more
 * rounds (the first one warms the JVM up): parse, main content, markdown.
 *
 * <p>{@code EvalExtraction PAGES_DIR OUT.json [ROUNDS]}
 */
public final class EvalExtraction {

  private EvalExtraction() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: eval-extraction PAGES_DIR OUT.json [TIMED_ROUNDS]");
      System.exit(2);
    }
    Map<String, byte[]> pages = read(Path.of(args[0]));
    int rounds = args.length > 2 ? Math.max(1, Integer.parseInt(args[2])) : 5;
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    for (Map.Entry<String, byte[]> page : pages.entrySet()) {
      Document doc = HtmlParser.document(page.getValue(), null, pageUrl(page.getKey()));
      Element content = MainContent.extract(doc);
      String markdown = content == null ? "" : Markdown.convert(content, doc.baseUri());
      out.putObject(page.getKey()).put("articleBody", MarkdownText.plain(markdown));
    }
    json.writerWithDefaultPrettyPrinter().writeValue(Path.of(args[1]).toFile(), out);
    System.out.println("wrote " + pages.size() + " predictions to " + args[1]);
    time(pages, rounds, System.out);
  }

  /** The pages have no URL of their own here; links only need some base to resolve against. */
  private static String pageUrl(String key) {
    return "http://pages.invalid/" + key;
  }

  private static Map<String, byte[]> read(Path dir) throws IOException {
    Map<String, byte[]> pages = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = new ArrayList<>(listing.filter(p -> p.toString().matches(".*\\.html(\\.gz)?")).sorted().toList());
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      String key = name.replaceFirst("\\.html(\\.gz)?$", "");
      try (InputStream in = Files.newInputStream(file)) {
        pages.put(key, name.endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes());
      }
    }
    return pages;
  }

  private static void time(Map<String, byte[]> pages, int rounds, PrintStream out) {
    long parse = 0;
    long main = 0;
    long markdown = 0;
    for (int round = 0; round <= rounds; round++) {
      long p = 0;
      long m = 0;
      long md = 0;
      for (Map.Entry<String, byte[]> page : pages.entrySet()) {
        long t0 = System.nanoTime();
        Document doc = HtmlParser.document(page.getValue(), null, pageUrl(page.getKey()));
        long t1 = System.nanoTime();
        Element content = MainContent.extract(doc);
        long t2 = System.nanoTime();
        if (content != null) {
          Markdown.convert(content, doc.baseUri());
        }
        long t3 = System.nanoTime();
        p += t1 - t0;
        m += t2 - t1;
        md += t3 - t2;
      }
      if (round > 0) {
        parse += p;
        main += m;
        markdown += md;
      }
    }
    double n = (double) pages.size() * rounds;
    double mainMs = main / n / 1e6;
    out.printf(
        "per page, one thread, %d timed rounds: parse %.2f ms, main content %.2f ms, markdown %.2f ms"
            + "; main content %.0f pages/s/core%n",
        rounds, parse / n / 1e6, mainMs, markdown / n / 1e6, 1000 / mainMs);
  }
}
