package io.beamcrawl.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.beamcrawl.fetch.FetchError;
import io.beamcrawl.io.Schemas;
import java.beans.Introspector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The README and docs/*.md against the code, so that docs which fall behind it fail the build.
 *
 * <ul>
 *   <li>docs/options.md's tables are the options: one row per option of {@link CrawlOptions}
 *       (under "Crawl options") and of {@link ExtractOptions} (under "Extract options"), its
 *       default and meaning exactly the {@code @Default} and {@code @Description} that {@code
 *       --help} prints, and no row for an option that is gone.
 *   <li>docs/output.md's pages and jobs tables are the Avro schemas' columns (and the {@code
 *       crawl} partition column), each meaning exactly the field's doc in the {@code .avsc}; the
 *       {@code error_type} row names every {@link FetchError}. The README's columns in brief are
 *       columns.
 *   <li>Every {@code --flag} the README and docs name is real, by the rule below; every {@code
 *       scripts/...} and {@code examples/...} path they name exists; every relative link points at
 *       a file, and at a heading of it when it has an anchor.
 *   <li>The README's set-up commands are the demo and the command {@code .ci/run} runs.
 * </ul>
 *
 * <p>Which {@code --flag}s are checked, and against what. A flag is {@code --} and a letter, then
 * letters, digits and hyphens; {@code --x...} (followed by three dots) names the options that
 * start with {@code x}. Code (fenced blocks, a line at a time with {@code \} continuations joined,
 * and inline code spans) is split into commands at {@code &&}, {@code ||}, {@code ;} and {@code
 * |}; what follows a {@code #} is a comment, read as prose. A command's program is its first word
 * after {@code NAME=value} assignments, and:
 *
 * <ul>
 *   <li>{@code scripts/crawl}, and whatever follows {@code beamcrawl.jar} (after {@code java -jar}
 *       or {@code flink run}), and the value of {@code BEAMCRAWL_FLAGS=}: every flag must be one
 *       that {@code scripts/crawl --help} lists ({@code scripts/crawl extract --help} for {@code
 *       scripts/crawl extract}), {@code --help} itself, or an option of a runner (below).
 *   <li>another {@code scripts/NAME}: the flag must appear in that script's source; a script whose
 *       usage offers {@code [beamcrawl flags} passes the flags it does not know to scripts/crawl,
 *       so there a beamcrawl option is accepted too.
 *   <li>any other program (java's {@code --add-opens} before the jar, mvn, wget2, scrapy,
 *       chromium, apt-get, flink before the jar...): its flags are not beamcrawl's and are not
 *       checked.
 *   <li>no program (prose, table cells, comments, a code span that is only {@code --maxPages=50}):
 *       a flag without a hyphen in its name, {@code --camelCase} or {@code --word}, must be a
 *       beamcrawl option or a runner's, unless the section it is in (the text under its heading)
 *       names a {@code scripts/NAME} whose source has it (the trainer's {@code --rounds N}, the
 *       bench's {@code --profile}). A flag with a hyphen in its name is never a beamcrawl option
 *       (Beam's option names are Java property names) and is not checked there ({@code
 *       --add-opens}, {@code --no-sandbox}, {@code --split-only}).
 * </ul>
 *
 * <p>A runner's options are the getters of the options interfaces Beam has registered on this
 * class path once the launcher is loaded, other than beamcrawl's own: Beam's {@code
 * PipelineOptions}, the Direct runner's ({@code --targetParallelism}), Flink's ({@code
 * --flinkMaster}, {@code --parallelism}). Beam accepts them on the command line though {@code
 * --help}, which prints beamcrawl's options and {@code PipelineOptions}' alone, does not list
 * them.
 */
public class DocsTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** {@code --name}, and {@code ...} after it when it stands for the options it starts. */
  private static final Pattern FLAG =
      Pattern.compile("(?<![\\w-])--([A-Za-z][A-Za-z0-9-]*)(\\.\\.\\.)?");

  /** A script a section names: {@code scripts/bench}, {@code scripts/bench.d/stages.py}. */
  private static final Pattern SCRIPT =
      Pattern.compile("\\bscripts/([A-Za-z0-9_-]+(?:[./][A-Za-z0-9_.-]*[A-Za-z0-9])?)");

  /** A path into scripts/ or examples/ from the project's root. */
  private static final Pattern PATH =
      Pattern.compile(
          "(?<![\\w/.-])((?:scripts|examples)/[A-Za-z0-9_.-]*[A-Za-z0-9](?:/[A-Za-z0-9_.-]*[A-Za-z0-9])*)");

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
  private static final Pattern OPTION_ROW =
      Pattern.compile("^\\| `--([A-Za-z0-9]+)` \\| (.*?) \\| (.*) \\|$");
  private static final Pattern COLUMN_ROW =
      Pattern.compile("^\\| `([a-z0-9_]+)` \\| (.*?) \\| (.*) \\|$");

  private static Set<String> crawlHelp;
  private static Set<String> extractHelp;
  private static Set<String> runnerOptions;
  private static Map<Path, String> docs;

  @BeforeClass
  public static void readTheCodeAndTheDocs() throws IOException {
    crawlHelp = helpOptions();
    extractHelp = helpOptions(ExtractCommand.NAME);
    runnerOptions = new TreeSet<>();
    for (Class<? extends PipelineOptions> options : PipelineOptionsFactory.getRegisteredOptions()) {
      if (!options.getName().startsWith("io.beamcrawl.")) {
        runnerOptions.addAll(propertyNames(options.getMethods()));
      }
    }
    assertTrue(
        "Beam has registered the runners' options",
        runnerOptions.containsAll(Set.of("targetParallelism", "flinkMaster", "parallelism")));
    docs = new LinkedHashMap<>();
    docs.put(Path.of("README.md"), read("README.md"));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
        docs.put(ROOT.relativize(file), Files.readString(file));
      }
    }
  }

  // ---- docs/options.md

  @Test
  public void theOptionTablesAreTheOptionsDescriptionsAndDefaults() throws IOException {
    String options = read("docs/options.md");
    checkOptionTable(section(options, "## Crawl options"), CrawlOptions.class);
    checkOptionTable(section(options, "## Extract options"), ExtractOptions.class);
  }

  private static void checkOptionTable(String section, Class<?> options) {
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : section.lines().toList()) {
      Matcher row = OPTION_ROW.matcher(line);
      if (row.matches()) {
        String[] cells = {row.group(2), row.group(3)};
        assertTrue("--" + row.group(1) + " has two rows", rows.put(row.group(1), cells) == null);
      }
    }
    Set<String> documented = new TreeSet<>();
    List<String> wrong = new ArrayList<>();
    for (Method getter : options.getDeclaredMethods()) {
      Description description = getter.getAnnotation(Description.class);
      if (description == null) {
        continue;
      }
      String name = propertyName(getter);
      documented.add(name);
      String[] row = rows.get(name);
      if (row == null) {
        wrong.add("--" + name + " is missing");
        continue;
      }
      if (!row[0].equals(defaultOf(getter))) {
        wrong.add("--" + name + ": the default is " + defaultOf(getter) + ", the table says " + row[0]);
      }
      if (!row[1].equals(description.value())) {
        wrong.add(
            "--" + name + ": the @Description is \"" + description.value() + "\", the table says \""
                + row[1] + "\"");
      }
    }
    rows.keySet().stream()
        .filter(name -> !documented.contains(name))
        .forEach(name -> wrong.add("--" + name + " is no option"));
    assertEquals(
        "rows of docs/options.md's table of " + options.getSimpleName()
            + " that are not its options' @Default and @Description",
        List.of(),
        wrong);
  }

  /** The default as the table writes it: the annotation's value, or "none" without one. */
  private static String defaultOf(Method getter) {
    for (Annotation annotation : getter.getAnnotations()) {
      Class<? extends Annotation> type = annotation.annotationType();
      if (type.getEnclosingClass() == Default.class) {
        Object value;
        try {
          value = type.getMethod("value").invoke(annotation);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
        if (value instanceof Class<?>) {
          fail("--" + propertyName(getter) + ": say here how docs/options.md writes a @Default."
              + type.getSimpleName());
        }
        return String.valueOf(value);
      }
    }
    return "none";
  }

  // ---- docs/output.md and the README's columns in brief

  @Test
  public void theColumnTablesAreTheSchemasColumnsAndTheirDocs() throws IOException {
    String output = read("docs/output.md");
    checkColumnTable(section(output, "## pages"), Schemas.PAGE);
    checkColumnTable(section(output, "## jobs"), Schemas.JOB);
  }

  private static void checkColumnTable(String section, Schema schema) {
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : section.lines().toList()) {
      Matcher row = COLUMN_ROW.matcher(line);
      if (row.matches()) {
        assertTrue(row.group(1) + " has two rows", rows.put(row.group(1), row.group(3)) == null);
      }
    }
    List<String> wrong = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      String meaning = rows.get(field.name());
      if (meaning == null) {
        wrong.add(field.name() + " is missing");
      } else if (!meaning.replace("`", "").equals(field.doc())) { // the code marks are the table's
        wrong.add(
            field.name() + ": the .avsc says \"" + field.doc() + "\", the table \"" + meaning + "\"");
      }
    }
    rows.keySet().stream()
        .filter(name -> !columns(schema).contains(name))
        .forEach(name -> wrong.add(name + " is no column"));
    assertEquals(
        "rows of docs/output.md's " + schema.getName() + " table that are not its columns' docs",
        List.of(),
        wrong);
  }

  @Test
  public void everyErrorTypeIsDocumentedOnTheErrorTypeColumn() throws IOException {
    String row =
        read("docs/output.md").lines()
            .filter(line -> line.startsWith("| `error_type` |"))
            .findFirst()
            .orElseThrow();
    for (FetchError error : FetchError.values()) {
      assertTrue(error.columnValue() + " is missing from error_type", row.contains(error.columnValue()));
    }
  }

  @Test
  public void theReadmesColumnsInBriefAreColumns() throws IOException {
    String brief = section(read("README.md"), "## Output");
    int lists = 0;
    for (String item : brief.split("\n(?=- )|\n\n")) {
      Matcher table = Pattern.compile("^- \\*\\*(pages|jobs)\\b").matcher(item);
      if (table.find()) {
        lists++;
        Set<String> columns = columns(table.group(1).equals("pages") ? Schemas.PAGE : Schemas.JOB);
        Matcher name = CODE_SPAN.matcher(item);
        while (name.find()) {
          assertTrue(
              "the README names " + name.group(1) + " as a column of " + table.group(1),
              columns.contains(name.group(1)));
        }
      }
    }
    assertTrue("the README's Output has its columns in brief", lists > 0);
  }

  // ---- every --flag, script, example and link

  @Test
  public void everyFlagTheDocsNameIsReal() {
    List<String> wrong = new ArrayList<>();
    docs.forEach(
        (file, text) -> {
          for (Block block : blocks(text)) {
            if (block.fenced()) {
              for (String line : block.text().replaceAll("\\\\\n", " ").split("\n")) {
                checkCode(line, block.scripts(), file, wrong);
              }
            } else {
              Matcher span = CODE_SPAN.matcher(block.text());
              StringBuilder prose = new StringBuilder();
              while (span.find()) {
                checkCode(span.group(1).replace('\n', ' '), block.scripts(), file, wrong);
                span.appendReplacement(prose, " ");
              }
              span.appendTail(prose);
              checkFlags(prose.toString(), Kind.PROSE, null, block.scripts(), file, wrong);
            }
          }
        });
    assertEquals(
        "flags the README and docs name that are no option (the rule is in this test's comment)",
        List.of(),
        wrong);
  }

  @Test
  public void everyScriptAndExampleTheDocsNameExists() {
    Set<String> missing = new TreeSet<>();
    docs.forEach(
        (file, text) -> {
          Matcher path = PATH.matcher(text);
          while (path.find()) {
            if (!Files.exists(ROOT.resolve(path.group(1)))) {
              missing.add(file + ": " + path.group(1));
            }
          }
        });
    assertEquals("scripts and examples the README and docs name that do not exist", Set.of(), missing);
  }

  @Test
  public void everyRelativeLinkPointsAtAFileAndHeading() throws IOException {
    Set<String> broken = new TreeSet<>();
    for (Map.Entry<Path, String> doc : docs.entrySet()) {
      Matcher link = LINK.matcher(withoutFencedCode(doc.getValue()));
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue; // https:, mailto:
        }
        String[] parts = target.split("#", 2);
        Path file = parts[0].isEmpty() ? doc.getKey() : doc.getKey().resolveSibling(parts[0]).normalize();
        if (!Files.exists(ROOT.resolve(file))) {
          broken.add(doc.getKey() + ": " + target + " (no such file)");
        } else if (parts.length == 2 && !anchors(Files.readString(ROOT.resolve(file))).contains(parts[1])) {
          broken.add(doc.getKey() + ": " + target + " (no such heading)");
        }
      }
    }
    assertEquals("links of the README and docs that lead nowhere", Set.of(), broken);
  }

  @Test
  public void theSetUpIsTheDemoAndTheTestsThatCiRuns() throws IOException {
    List<String> setUp =
        blocks(section(read("README.md"), "## Set-up")).stream()
            .filter(Block::fenced)
            .findFirst()
            .orElseThrow()
            .text()
            .lines()
            .map(line -> line.replaceFirst("\\s+#.*", ""))
            .toList();
    assertEquals(List.of("scripts/crawl --demo", "mvn -B verify"), setUp);
    List<String> ci =
        read(".ci/run").lines()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
    assertEquals("the command .ci/run runs last", "mvn -B verify", ci.get(ci.size() - 1));
  }

  // ---- what a flag is checked against

  private enum Kind {
    BEAMCRAWL,
    EXTRACT,
    SCRIPT,
    PROSE
  }

  /** A command line or code span: each of its commands' flags checked by what the command is. */
  private static void checkCode(String code, Set<String> sectionScripts, Path file, List<String> wrong) {
    Matcher comment = Pattern.compile("(^|\\s)#").matcher(code);
    if (comment.find()) {
      checkFlags(code.substring(comment.end()), Kind.PROSE, null, sectionScripts, file, wrong);
      code = code.substring(0, comment.start());
    }
    for (String command : code.split("&&|\\|\\||;|\\|")) {
      List<String> words = words(command);
      int i = 0;
      for (; i < words.size() && words.get(i).matches("^[A-Za-z_][A-Za-z0-9_]*=.*"); i++) {
        if (words.get(i).startsWith("BEAMCRAWL_FLAGS=")) {
          String flags = words.get(i).substring("BEAMCRAWL_FLAGS=".length());
          checkFlags(flags, Kind.BEAMCRAWL, null, sectionScripts, file, wrong);
        }
      }
      List<String> rest = words.subList(i, words.size());
      if (rest.isEmpty()) {
        continue;
      }
      String program = rest.get(0).replaceAll("^[\"']|[\"']$", "");
      String args = String.join(" ", rest.subList(1, rest.size()));
      int jar = rest.stream().map(word -> word.endsWith("beamcrawl.jar")).toList().indexOf(true);
      if (program.equals("scripts/crawl")) {
        boolean extract = rest.size() > 1 && rest.get(1).equals(ExtractCommand.NAME);
        checkFlags(args, extract ? Kind.EXTRACT : Kind.BEAMCRAWL, null, sectionScripts, file, wrong);
      } else if (jar >= 0) {
        String afterJar = String.join(" ", rest.subList(jar + 1, rest.size()));
        checkFlags(afterJar, Kind.BEAMCRAWL, null, sectionScripts, file, wrong);
      } else if (program.startsWith("scripts/")) {
        String script = program.substring("scripts/".length());
        checkFlags(args, Kind.SCRIPT, script, sectionScripts, file, wrong);
      } else if (program.startsWith("--")) {
        checkFlags(command, Kind.PROSE, null, sectionScripts, file, wrong);
      }
      // any other program's flags are its own
    }
  }

  private static void checkFlags(
      String text, Kind kind, String script, Set<String> sectionScripts, Path file, List<String> wrong) {
    Matcher flag = FLAG.matcher(text);
    while (flag.find()) {
      String name = flag.group(1);
      boolean prefix = flag.group(2) != null;
      boolean ok =
          switch (kind) {
            case BEAMCRAWL -> name.equals("help") || isOption(name, prefix, crawlHelp);
            case EXTRACT -> name.equals("help") || isOption(name, prefix, extractHelp);
            case SCRIPT ->
                scriptHas(script, name) || (passesFlagsOn(script) && isOption(name, prefix, crawlHelp));
            case PROSE ->
                name.contains("-")
                    || isOption(name, prefix, extractHelp)
                    || sectionScripts.stream().anyMatch(named -> scriptHas(named, name));
          };
      if (!ok) {
        wrong.add(
            file + ": --" + name + (prefix ? "..." : "")
                + (script != null ? " (scripts/" + script + ")" : "")
                + " in \"" + excerpt(text, flag.start()) + "\"");
      }
    }
  }

  private static boolean isOption(String name, boolean prefix, Set<String> help) {
    return Stream.concat(help.stream(), runnerOptions.stream())
        .anyMatch(option -> prefix ? option.startsWith(name) : option.equals(name));
  }

  private static boolean scriptHas(String script, String name) {
    Pattern flag = Pattern.compile("(?<![\\w-])--" + Pattern.quote(name) + "(?![\\w-])");
    return flag.matcher(scriptSource(script)).find();
  }

  /** A script whose usage offers "[beamcrawl flags" hands those it does not know to scripts/crawl. */
  private static boolean passesFlagsOn(String script) {
    return scriptSource(script).contains("[beamcrawl flags");
  }

  private static String scriptSource(String script) {
    Path source = ROOT.resolve("scripts").resolve(script);
    try {
      return Files.isRegularFile(source) ? Files.readString(source) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- reading the code

  /** The option names {@code scripts/crawl [command] --help} lists. */
  private static Set<String> helpOptions(String... command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] args = Stream.concat(Stream.of(command), Stream.of("--help")).toArray(String[]::new);
    PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertEquals(Launcher.OK, new Launcher(console, System.err).run(args));
    Set<String> names = new TreeSet<>();
    Matcher option = Pattern.compile("(?m)^  --([A-Za-z0-9]+)=").matcher(out.toString(StandardCharsets.UTF_8));
    while (option.find()) {
      names.add(option.group(1));
    }
    assertTrue("--help lists the options", names.containsAll(Set.of("maxPages", "runner")));
    return names;
  }

  private static Set<String> propertyNames(Method[] methods) {
    Set<String> names = new TreeSet<>();
    for (Method method : methods) {
      if (method.getParameterCount() == 0 && method.getName().matches("^(get|is)[A-Z].*")) {
        names.add(propertyName(method));
      }
    }
    return names;
  }

  private static String propertyName(Method getter) {
    return Introspector.decapitalize(getter.getName().replaceFirst("^(get|is)", ""));
  }

  private static Set<String> columns(Schema schema) {
    Set<String> columns =
        schema.getFields().stream().map(Schema.Field::name).collect(Collectors.toCollection(TreeSet::new));
    columns.add("crawl"); // the Hive partition column: a directory's name, not a field
    return columns;
  }

  // ---- reading the Markdown

  private static String read(String file) throws IOException {
    return Files.readString(ROOT.resolve(file));
  }

  /** A heading's section: from it to the next heading of its level or above, outside code. */
  private static String section(String text, String heading) {
    int level = heading.indexOf(' ');
    StringBuilder section = null;
    boolean fenced = false;
    for (String line : text.split("\n", -1)) {
      fenced ^= line.startsWith("```");
      if (!fenced && line.matches("^#{1," + level + "} .*")) {
        if (section != null) {
          break;
        }
        if (line.equals(heading)) {
          section = new StringBuilder();
        }
      }
      if (section != null) {
        section.append(line).append('\n');
      }
    }
    assertTrue("no section " + heading, section != null);
    return section.toString();
  }

  /**
   * A paragraph (blank-line separated) or a fenced code block, with the scripts its section (the
   * text under its heading) names.
   */
  private record Block(String text, boolean fenced, Set<String> scripts) {}

  private static List<Block> blocks(String text) {
    List<Block> blocks = new ArrayList<>();
    for (String section : sections(text)) {
      Set<String> scripts = new TreeSet<>();
      Matcher script = SCRIPT.matcher(section);
      while (script.find()) {
        if (!script.group(1).equals("crawl")) {
          scripts.add(script.group(1));
        }
      }
      StringBuilder current = new StringBuilder();
      boolean fenced = false;
      for (String line : section.split("\n", -1)) {
        if (line.startsWith("```") || (!fenced && line.isBlank())) {
          if (current.length() > 0) {
            blocks.add(new Block(current.toString(), fenced, scripts));
          }
          current.setLength(0);
          fenced ^= line.startsWith("```");
        } else {
          current.append(line).append('\n');
        }
      }
      if (current.length() > 0) {
        blocks.add(new Block(current.toString(), fenced, scripts));
      }
    }
    return blocks;
  }

  /** The text cut at every heading outside fenced code. */
  private static List<String> sections(String text) {
    List<String> sections = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean fenced = false;
    for (String line : text.split("\n", -1)) {
      fenced ^= line.startsWith("```");
      if (!fenced && line.matches("^#{1,6} .*")) {
        sections.add(current.toString());
        current.setLength(0);
      }
      current.append(line).append('\n');
    }
    sections.add(current.toString());
    return sections;
  }

  private static String withoutFencedCode(String text) {
    return text.replaceAll("(?ms)^```.*?^```", "");
  }

  /** GitHub's anchors of a file's headings: lower case, punctuation left out, spaces as hyphens. */
  private static Set<String> anchors(String text) {
    return sections(text).stream()
        .map(section -> section.lines().findFirst().orElse(""))
        .filter(line -> line.matches("^#{1,6} .*"))
        .map(
            line ->
                line.replaceFirst("^#+ ", "")
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-'))
        .collect(Collectors.toSet());
  }

  /** Shell-like words: whitespace splits them, except inside quotes. */
  private static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    for (char c : command.toCharArray()) {
      if (quote == 0 && Character.isWhitespace(c)) {
        if (word.length() > 0) {
          words.add(word.toString());
          word.setLength(0);
        }
        continue;
      }
      if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
      word.append(c);
    }
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words;
  }

  private static String excerpt(String text, int at) {
    return text.substring(Math.max(0, at - 40), Math.min(text.length(), at + 40)).replace('\n', ' ');
  }
}
