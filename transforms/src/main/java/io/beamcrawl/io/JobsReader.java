package io.beamcrawl.io;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.beamcrawl.crawl.UrlNormalizer;
import io.beamcrawl.extract.css.CssSchema;
import io.beamcrawl.model.CrawlJob;
import io.beamcrawl.model.JobDefaults;
import io.beamcrawl.model.LinkSelection;
import io.beamcrawl.model.RenderMode;
import io.beamcrawl.model.RenderRules;
import io.beamcrawl.model.ScreenshotMode;
import io.beamcrawl.model.SitemapMode;
import io.beamcrawl.model.RejectedLine;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
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

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();
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
        collector.add(i + 1, line, jobFor(JobLine.of(base), base, List.of(base)));
      } catch (BadLine e) {
        collector.reject(i + 1, line, e.getMessage());
      }
    }
    return collector.result();
  }

  private CrawlJob parseJob(String line) throws BadLine {
    JobLine job = bind(line);
    List<String> seeds = new ArrayList<>();
    for (String seed : orEmpty(job.seeds())) {
      seeds.add(checkUrl("seeds", seed));
    }
    String base;
    if (job.baseUrl() != null) {
      base = checkUrl("base_url", job.baseUrl());
    } else if (!seeds.isEmpty()) {
      base = seeds.get(0);
    } else {
      throw new BadLine("missing \"base_url\" (or a non-empty \"seeds\" list)");
    }
    LinkedHashSet<String> allSeeds = new LinkedHashSet<>();
    allSeeds.add(base);
    allSeeds.addAll(seeds);
    return jobFor(job, base, List.copyOf(allSeeds));
  }

  /** The line bound to its fields, or why it cannot be, in the file's own terms. */
  private static JobLine bind(String line) throws BadLine {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new BadLine("invalid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BadLine("expected a JSON object with at least \"base_url\"");
    }
    try {
      return JSON.treeToValue(node, JobLine.class);
    } catch (UnrecognizedPropertyException e) {
      throw new BadLine(
          "unknown field \"" + e.getPropertyName() + "\"; known fields: "
              + String.join(", ", e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()));
    } catch (JsonProcessingException e) {
      String field =
          e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
              ? mapping.getPath().get(0).getFieldName()
              : "?";
      throw new BadLine("\"" + field + "\" must be " + expected(field) + ", got " + node.get(field));
    }
  }

  /** What a field's value must be, as an error message says it. */
  private static String expected(String field) {
    for (var component : JobLine.class.getRecordComponents()) {
      JsonProperty name = component.getAccessor().getAnnotation(JsonProperty.class);
      if (name != null && name.value().equals(field)) {
        Class<?> type = component.getType();
        return type == Integer.class ? "a whole number"
            : type == Boolean.class ? "true or false"
            : type == Double.class ? "a number"
            : type == List.class ? "a list of strings"
            : type == String.class ? "a string"
            : "a JSON object";
      }
    }
    return "a known field";
  }

  private CrawlJob jobFor(JobLine line, String base, List<String> seeds) throws BadLine {
    String id = line.id();
    if (id != null) {
      if (id.isBlank() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
        throw new BadLine("\"id\" must be 1 to " + MAX_ID_LENGTH + " printable characters");
      }
    }
    int maxPages = or(line.maxPages(), defaults.maxPages());
    if (maxPages < 1) {
      throw new BadLine("\"max_pages\" must be at least 1, got " + maxPages);
    }
    int maxDepth = or(line.maxDepth(), defaults.maxDepth());
    if (maxDepth < 0 || maxDepth > MAX_DEPTH_LIMIT) {
      throw new BadLine("\"max_depth\" must be between 0 and " + MAX_DEPTH_LIMIT + ", got " + maxDepth);
    }
    String transformInstruction = or(line.transformInstruction(), defaults.transformInstruction());
    return new CrawlJob(
        id != null ? id : derivedId(base),
        base,
        seeds,
        or(line.crawlInstruction(), defaults.crawlInstruction()),
        transformInstruction,
        maxPages,
        maxDepth,
        patterns("include_paths", or(line.includePaths(), defaults.includePaths())),
        patterns("exclude_paths", or(line.excludePaths(), defaults.excludePaths())),
        or(line.allowSubdomains(), defaults.allowSubdomains()),
        or(line.crawlEntireDomain(), defaults.crawlEntireDomain()),
        or(line.ignoreQueryParams(), defaults.ignoreQueryParams()),
        schema(line.schema(), transformInstruction),
        atLeastZero("max_credits", or(line.maxCredits(), defaults.maxCredits()), null),
        null,
        atLeastZero("min_relevance", or(line.minRelevance(), defaults.minRelevance()), 1.0),
        named(line.linkSelection(), defaults.linkSelection(),
            name -> LinkSelection.parse(name, "\"link_selection\"")),
        named(line.sitemap(), defaults.sitemap(), name -> SitemapMode.parse(name, "\"sitemap\"")),
        or(line.incremental(), defaults.incremental()),
        null,
        render(line));
  }

  /** The line's render, wait_for and screenshot, each the command line's where it has none. */
  private RenderRules render(JobLine line) throws BadLine {
    RenderRules fallback = defaults.render();
    RenderMode mode =
        named(line.render(), fallback.mode(), name -> RenderMode.parse(name, "\"render\""));
    ScreenshotMode screenshot =
        named(line.screenshot(), fallback.screenshot(),
            name -> ScreenshotMode.parse(name, "\"screenshot\""));
    String waitFor = fallback.waitFor();
    JsonNode wait = line.waitFor();
    if (wait != null && !wait.isNull()) {
      if (wait.isIntegralNumber() && wait.asLong() >= 0 && wait.canConvertToInt()) {
        waitFor = wait.asText();
      } else if (wait.isTextual() && !wait.asText().isBlank()) {
        waitFor = wait.asText();
      } else {
        throw new BadLine("\"wait_for\" must be a CSS selector or a number of milliseconds, got " + wait);
      }
    }
    if (screenshot != ScreenshotMode.NONE && mode == RenderMode.NEVER) {
      throw new BadLine("\"screenshot\" needs a rendered page: set \"render\" to always or auto");
    }
    return new RenderRules(mode, waitFor, screenshot);
  }

  /**
   * The job's schema as JSON text. Without a transform instruction it is a CSS extraction schema,
   * checked here; with one it is the JSON Schema of the model's answer, checked by the extractor.
   */
  private String schema(JsonNode schema, String transformInstruction) throws BadLine {
    if (schema == null) {
      return defaults.schema();
    }
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

  /** A number that must be at least 0 (and at most {@code most}, when given); null stays null. */
  private static Double atLeastZero(String field, Double value, Double most) throws BadLine {
    if (value != null && (value < 0 || (most != null && value > most))) {
      throw new BadLine(
          "\"" + field + "\" must be a number " + (most == null ? ">= 0" : "from 0 to " + most.intValue())
              + ", got " + value);
    }
    return value;
  }

  /** A value a job line names by a word, or the default when it names none. */
  private static <T> T named(String name, T fallback, Function<String, T> parse) throws BadLine {
    if (name == null) {
      return fallback;
    }
    try {
      return parse.apply(name);
    } catch (IllegalArgumentException e) {
      throw new BadLine(e.getMessage());
    }
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
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

  private static List<String> patterns(String field, List<String> patterns) throws BadLine {
    for (String pattern : patterns) {
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new BadLine("\"" + field + "\" has an invalid regular expression " + pattern + ": " + e.getDescription());
      }
    }
    return patterns;
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
