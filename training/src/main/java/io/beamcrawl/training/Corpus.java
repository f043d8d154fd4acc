package io.beamcrawl.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamcrawl.parse.ContentBlocks;
import io.beamcrawl.parse.HtmlParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.jsoup.nodes.Document;

/**
 * The pages of one benchmark folder with their expected main text, each put in the training or
 * the validation split by its site: all pages of a site fall on the same side, so validation
 * figures are for sites the model never saw.
 */
final class Corpus {

  /** The share of sites held out, in tenths. */
  static final int VALIDATION_TENTHS = 3;

  record Page(String key, String site, String type, boolean validation, String truth,
      List<ContentBlocks.Block> blocks, float[] labels) {}

  final String name;
  final List<Page> pages = new ArrayList<>();

  private Corpus(String name) {
    this.name = name;
  }

  /** Reads {@code PAGES_DIR/KEY.html.gz} for every key of the truth file. */
  static Corpus read(String name, Path pagesDir, Path truthFile) throws IOException {
    Corpus corpus = new Corpus(name);
    JsonNode truth = new ObjectMapper().readTree(truthFile.toFile());
    for (Iterator<Map.Entry<String, JsonNode>> it = truth.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      Path file = pagesDir.resolve(entry.getKey() + ".html.gz");
      if (!Files.exists(file)) {
        file = pagesDir.resolve(entry.getKey() + ".html");
      }
      byte[] html;
      try (InputStream in = Files.newInputStream(file)) {
        html = file.toString().endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
      }
      // The same parse and base URL as scripts/eval-extraction.
      Document doc = HtmlParser.document(html, null, "http://pages.invalid/" + entry.getKey());
      String expected = entry.getValue().path("articleBody").asText("");
      String site = site(entry.getValue().path("url").asText(""));
      List<ContentBlocks.Block> blocks = ContentBlocks.of(doc);
      corpus.pages.add(new Page(entry.getKey(), site,
          entry.getValue().path("page_type").asText("article"), validation(site), expected,
          blocks, ContentLabels.of(blocks, expected)));
    }
    return corpus;
  }

  Set<String> sites(boolean validation) {
    Set<String> sites = new HashSet<>();
    for (Page page : pages) {
      if (page.validation() == validation) {
        sites.add(page.site());
      }
    }
    return sites;
  }

  /** The truth file's entries of one split, for score.py. */
  Map<String, JsonNode> truthOf(Path truthFile, boolean validation) throws IOException {
    JsonNode truth = new ObjectMapper().readTree(truthFile.toFile());
    Map<String, JsonNode> part = new HashMap<>();
    for (Page page : pages) {
      if (page.validation() == validation) {
        part.put(page.key(), truth.get(page.key()));
      }
    }
    return part;
  }

  /** The host without a leading "www.": pages of one site share it. */
  static String site(String url) {
    try {
      String host = URI.create(url).getHost();
      host = host == null ? url : host.toLowerCase(Locale.ROOT);
      return host.startsWith("www.") ? host.substring(4) : host;
    } catch (IllegalArgumentException e) {
      return url;
    }
  }

  /** A site's side, from a hash of its name: stable, and blind to what the site is. */
  static boolean validation(String site) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(site.getBytes(StandardCharsets.UTF_8));
      return Byte.toUnsignedInt(digest[0]) % 10 < VALIDATION_TENTHS;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
