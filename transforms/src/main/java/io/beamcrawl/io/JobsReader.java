package io.beamcrawl.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamcrawl.crawl.UrlNormalizer;
import io.beamcrawl.extract.css.CssSchema;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.JobDefaults;
import io.beamcrawl.model.LinkSelection;
import io.beamcrawl.model.RejectedLine;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns input lines into validated jobs: JSON Lines job files, plain seed files (one job per URL)
 * and URLs given on the command line. A bad line is rejected with its number and the reason, and
 * never stops the other lines.
 */
public final class JobsReader {

  /** The deepest a job may go: beyond it a mistyped value more likely than a real site. */
  public static final int MAX_DEPTH_LIMIT = 50;

  static final Set<String> FIELDS =
      Set.of(
          "id",
          "base_url",
          "seeds",
          "crawl_instruction",
          "transform_instruction",
          "max_pages",
          "max_depth",
          "include_paths",
          "exclude_paths",
          "allow_subdomains",
          "crawl_entire_domain",
          "ignore_query_params",
          "schema",
          "max_credits",
          "min_relevance",
          "link_selection");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ID_LENGTH = 200;

  private final JobDefaults defaults;
  private final UrlNormalizer normalizer = new UrlNormalizer();

  public JobsReader(JobDefaults defaults) {
    this.defaults = defaults;
  }

  /** Reads a JSON Lines jobs file: one JSON object a line; blank lines are skipped. */
  public JobsInput readJsonLines(String source, List<String> lines) {
    Collector collector = new Collector(source);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        collector.add(i + 1, line, parseJob(line));
      } catch (BadLine e) {
        collector.reject(i + 1, line, e.getMessage());
      }
    }
    return collector.result();
  }

  /** Reads a seeds file: one URL a line, each its own job; '#' comments and blank lines allowed. */
  public JobsInput readSeedLines(String source, List<String> lines) {
    Collector collector = new Collector(source);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String url = line.strip();
      if (url.isEmpty() || url.startsWith("#")) {
        continue;
      }
      try {
        String base = checkUrl("seed", url);
        collector.add(i + 1, line, jobFor(null, base, List.of(base), JSON.createObjectNode()));
      } catch (BadLine e) {
        collector.reject(i + 1, line, e.getMessage());
      }
    }
    return collector.result();
  }

  private CrawlJob parseJob(String line) throws BadLine {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new BadLine("invalid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BadLine("expected a JSON object with at least \"base_url\"");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new BadLine("unknown field \"" + name + "\"; known fields: " + String.join(", ", sorted(FIELDS)));
      }
    }
    List<String> seeds = new ArrayList<>();
    for (String seed : stringList(node, "seeds")) {
      seeds.add(checkUrl("seeds", seed));
    }
    String base;
    if (node.hasNonNull("base_url")) {
      base = checkUrl("base_url", text(node, "base_url"));
    } else if (!seeds.isEmpty()) {
      base = seeds.get(0);
    } else {
      throw new BadLine("missing \"base_url\" (or a non-empty \"seeds\" list)");
    }
    LinkedHashSet<String> allSeeds = new LinkedHashSet<>();
    allSeeds.add(base);
    allSeeds.addAll(seeds);
    return jobFor(text(node, "id"), base, List.copyOf(allSeeds), node);
  }

  private CrawlJob jobFor(String id, String base, List<String> seeds, JsonNode node)
      throws BadLine {
    if (id != null) {
      if (id.isBlank() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
        throw new BadLine("\"id\" must be 1 to " + MAX_ID_LENGTH + " printable characters");
      }
    }
    int maxPages = integer(node, "max_pages", defaults.maxPages());
    if (maxPages < 1) {
      throw new BadLine("\"max_pages\" must be at least 1, got " + maxPages);
    }
    int maxDepth = integer(node, "max_depth", defaults.maxDepth());
    if (maxDepth < 0 || maxDepth > MAX_DEPTH_LIMIT) {
      throw new BadLine("\"max_depth\" must be between 0 and " + MAX_DEPTH_LIMIT + ", got " + maxDepth);
    }
    List<String> include = node.has("include_paths") ? patterns(node, "include_paths") : defaults.includePaths();
    List<String> exclude = node.has("exclude_paths") ? patterns(node, "exclude_paths") : defaults.excludePaths();
    String transformInstruction =
        node.has("transform_instruction")
            ? text(node, "transform_instruction")
            : defaults.transformInstruction();
    return new CrawlJob(
        id != null ? id : derivedId(base),
        base,
        seeds,
        node.has("crawl_instruction") ? text(node, "crawl_instruction") : defaults.crawlInstruction(),
        transformInstruction,
        maxPages,
        maxDepth,
        include,
        exclude,
        bool(node, "allow_subdomains", defaults.allowSubdomains()),
        bool(node, "crawl_entire_domain", defaults.crawlEntireDomain()),
        bool(node, "ignore_query_params", defaults.ignoreQueryParams()),
        schema(node, transformInstruction),
        maxCredits(node),
        null,
        minRelevance(node),
        linkSelection(node));
  }

  /**
   * The job's schema as JSON text. Without a transform instruction it is a CSS extraction schema,
   * checked here; with one it is the JSON Schema of the model's answer, checked by the extractor.
   */
  private String schema(JsonNode node, String transformInstruction) throws BadLine {
    if (!node.has("schema")) {
      return defaults.schema();
    }
    JsonNode schema = node.get("schema");
    if (!schema.isObject()) {
      throw new BadLine("\"schema\" must be a JSON object");
    }
    if (transformInstruction == null) {
      try {
        CssSchema.parse(schema);
      } catch (IllegalArgumentException e) {
        throw new BadLine(e.getMessage());
      }
    }
    return schema.toString();
  }

  private Double maxCredits(JsonNode node) throws BadLine {
    if (!node.has("max_credits")) {
      return defaults.maxCredits();
    }
    JsonNode value = node.get("max_credits");
    if (!value.isNumber() || value.asDouble() < 0) {
      throw new BadLine("\"max_credits\" must be a number >= 0, got " + value);
    }
    return value.asDouble();
  }

  private Double minRelevance(JsonNode node) throws BadLine {
    if (!node.has("min_relevance")) {
      return defaults.minRelevance();
    }
    JsonNode value = node.get("min_relevance");
    if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
      throw new BadLine("\"min_relevance\" must be a number from 0 to 1, got " + value);
    }
    return value.asDouble();
  }

  private LinkSelection linkSelection(JsonNode node) throws BadLine {
    if (!node.has("link_selection")) {
      return defaults.linkSelection();
    }
    try {
      return LinkSelection.parse(node.get("link_selection").asText(), "\"link_selection\"");
    } catch (IllegalArgumentException e) {
      throw new BadLine(e.getMessage());
    }
  }

  /** A job without an id gets one derived from its base URL, so re-runs keep the same id. */
  static String derivedId(String baseUrl) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(baseUrl.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder("job-");
      for (int i = 0; i < 6; i++) {
        hex.append(String.format("%02x", digest[i]));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String checkUrl(String field, String url) throws BadLine {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (Exception e) {
      throw new BadLine("\"" + field + "\" is not a valid URL: " + url);
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new BadLine("\"" + field + "\" needs an absolute URL with http:// or https://, got " + url);
    }
    if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
      throw new BadLine("\"" + field + "\" has unsupported scheme \"" + scheme + "\" (only http and https): " + url);
    }
    String normalized = normalizer.normalize(url);
    if (normalized == null) {
      throw new BadLine("\"" + field + "\" is not a valid URL: " + url);
    }
    return normalized;
  }

  private static String text(JsonNode node, String field) throws BadLine {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new BadLine("\"" + field + "\" must be a string");
    }
    return value.asText();
  }

  private static int integer(JsonNode node, String field, int fallback) throws BadLine {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new BadLine("\"" + field + "\" must be a whole number, got " + value);
    }
    return value.asInt();
  }

  private static boolean bool(JsonNode node, String field, boolean fallback) throws BadLine {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new BadLine("\"" + field + "\" must be true or false, got " + value);
    }
    return value.asBoolean();
  }

  private static List<String> stringList(JsonNode node, String field) throws BadLine {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new BadLine("\"" + field + "\" must be a list of strings");
    }
    List<String> items = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new BadLine("\"" + field + "\" must be a list of strings, found " + item);
      }
      items.add(item.asText());
    }
    return items;
  }

  private static List<String> patterns(JsonNode node, String field) throws BadLine {
    List<String> patterns = stringList(node, field);
    for (String pattern : patterns) {
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new BadLine("\"" + field + "\" has an invalid regular expression " + pattern + ": " + e.getDescription());
      }
    }
    return patterns;
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }

  /** Gathers jobs in input order and rejects a second job with an id already taken. */
  private static final class Collector {
    private final String source;
    private final List<CrawlJob> jobs = new ArrayList<>();
    private final List<RejectedLine> rejected = new ArrayList<>();
    private final Map<String, Integer> lineOfId = new HashMap<>();

    Collector(String source) {
      this.source = source;
    }

    void add(int lineNumber, String line, CrawlJob job) {
      Integer first = lineOfId.putIfAbsent(job.id(), lineNumber);
      if (first != null) {
        reject(lineNumber, line, "duplicate job id \"" + job.id() + "\" (first on line " + first + ")");
      } else {
        jobs.add(job);
      }
    }

    void reject(int lineNumber, String line, String reason) {
      rejected.add(new RejectedLine(source, lineNumber, line, reason));
    }

    JobsInput result() {
      return new JobsInput(jobs, rejected);
    }
  }

  private static final class BadLine extends Exception {
    BadLine(String message) {
      super(message);
    }
  }
}
