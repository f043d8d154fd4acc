package io.beamcrawl.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A database product's manual on a {@link TestWebServer}: a home page, and four chapters on
 * distinct subjects, each an index page and fifteen pages written in the chapter's own words.
 * Every page has the site's navigation (the chapters), its chapter's previous and next page, and
 * "see also" links into two other chapters, as documentation sites do.
 */
public final class ManualSite {

  /** Chapter title, then its pages' titles and the words their text is made of. */
  private static final Map<String, List<String>> CHAPTERS = new LinkedHashMap<>();

  static {
    CHAPTERS.put(
        "Backup and restore",
        List.of(
            "Scheduling nightly backups", "Full and incremental backups", "Restoring a single table",
            "Point-in-time recovery", "Verifying backup archives", "Backup retention policies",
            "Encrypting backup files", "Restoring to another server", "Backing up large databases",
            "Copying backups offsite", "Logical and physical backups", "Troubleshooting failed restores",
            "Where backups are stored", "Speeding up a restore", "Recovering from data loss",
            "snapshot archive restore recovery backup nightly copy offsite retention wal"
                + " incremental full dump point-in-time lost deleted"));
    CHAPTERS.put(
        "Replication and high availability",
        List.of(
            "Setting up a replica", "Synchronous and asynchronous replication", "Failover to a standby",
            "Promoting a replica", "Measuring replication lag", "Scaling reads with replicas",
            "Cascading replication", "Handling write conflicts", "Quorum commit",
            "Replication slots", "Upgrading a cluster without downtime", "Network partitions",
            "Load balancer settings", "Switchover drills", "Watching standby health",
            "replica standby primary failover lag stream cluster quorum node promote switchover"
                + " partition heartbeat availability"));
    CHAPTERS.put(
        "Query tuning and indexes",
        List.of(
            "Reading query plans", "Choosing an index type", "Composite indexes", "Partial indexes",
            "Index bloat and maintenance", "Planner statistics", "Join strategies",
            "Memory for sorting", "Parallel queries", "Avoiding sequential scans",
            "Prepared statements", "Caching query results", "Finding slow queries",
            "Covering indexes", "Full-text search indexes",
            "plan index scan join planner statistics sort hash btree selectivity cost latency"
                + " query cache"));
    CHAPTERS.put(
        "Security and access control",
        List.of(
            "Creating roles and users", "Password authentication", "Certificate authentication",
            "Row-level security", "Column privileges", "Auditing who did what",
            "Encrypting connections with TLS", "Managing secrets", "Least-privilege roles",
            "Locking down the network", "Applying security updates", "Default privileges",
            "Revoking access", "Single sign-on", "Keeping audit logs",
            "role user grant privilege password certificate tls audit login secret permission"
                + " revoke policy"));
  }

  private final TestWebServer server;
  private final Map<String, List<String>> chapterPaths = new LinkedHashMap<>();

  public ManualSite(TestWebServer server) {
    this.server = server;
    List<String> chapterIndexes = new ArrayList<>();
    CHAPTERS.keySet().forEach(chapter -> chapterIndexes.add(chapterPath(chapter)));
    List<String> chapters = new ArrayList<>(CHAPTERS.keySet());
    for (int c = 0; c < chapters.size(); c++) {
      String chapter = chapters.get(c);
      List<String> spec = CHAPTERS.get(chapter);
      List<String> titles = spec.subList(0, spec.size() - 1);
      String[] words = spec.get(spec.size() - 1).split(" ");
      List<String> paths = new ArrayList<>(List.of(chapterPath(chapter)));
      titles.forEach(title -> paths.add(chapterPath(chapter) + slug(title) + ".html"));
      chapterPaths.put(chapter, paths);

      StringBuilder index = new StringBuilder("<ul>");
      for (int p = 0; p < titles.size(); p++) {
        index.append(link(paths.get(p + 1), titles.get(p)));
      }
      server.page(
          chapterPath(chapter),
          page(chapter, chapterIndexes, "<p>" + text(words, c * 31, 60) + "</p>" + index + "</ul>", ""));
      for (int p = 0; p < titles.size(); p++) {
        String prev = p > 0 ? link(paths.get(p), "Previous: " + titles.get(p - 1)) : "";
        String next = p + 1 < titles.size() ? link(paths.get(p + 2), "Next: " + titles.get(p + 1)) : "";
        StringBuilder seeAlso = new StringBuilder();
        for (int k = 1; k <= 2; k++) {
          String other = chapters.get((c + k) % chapters.size());
          List<String> otherTitles = CHAPTERS.get(other);
          int o = (p * 3 + k) % (otherTitles.size() - 1);
          seeAlso.append(link(chapterPath(other) + slug(otherTitles.get(o)) + ".html", otherTitles.get(o)));
        }
        String body =
            "<p>" + text(words, c * 31 + p * 7, 120) + "</p><p>" + text(words, p * 13 + 5, 90) + "</p>"
                + "<ul class=\"pager\">" + prev + next + "</ul>";
        server.page(
            paths.get(p + 1),
            page(titles.get(p), chapterIndexes, body, "<h2>See also</h2><ul>" + seeAlso + "</ul>"));
      }
    }
    StringBuilder home = new StringBuilder("<p>Welcome to the manual. Pick a chapter.</p><ul>");
    CHAPTERS.keySet().forEach(chapter -> home.append(link(chapterPath(chapter), chapter)));
    server.page("/", page("The manual", chapterIndexes, home + "</ul>", ""));
  }

  /** Every page of the site, its home page first. */
  public List<String> allPaths() {
    List<String> all = new ArrayList<>(List.of("/"));
    chapterPaths.values().forEach(all::addAll);
    return all;
  }

  /** The paths of a chapter's index and pages. */
  public List<String> chapter(String title) {
    return chapterPaths.get(title);
  }

  private static String page(String title, List<String> chapterIndexes, String main, String aside) {
    StringBuilder nav = new StringBuilder("<nav><h2>Chapters</h2><ul>");
    List<String> chapters = new ArrayList<>(CHAPTERS.keySet());
    for (int c = 0; c < chapters.size(); c++) {
      nav.append(link(chapterIndexes.get(c), chapters.get(c)));
    }
    return "<!doctype html><html><head><title>" + title + " - The manual</title></head><body>"
        + nav + "</ul></nav><main><h1>" + title + "</h1>" + main + "</main><aside>" + aside
        + "</aside><footer><a href=\"/\">Home</a></footer></body></html>";
  }

  private static String link(String path, String text) {
    return "<li><a href=\"" + path + "\">" + text + "</a></li>";
  }

  private static String chapterPath(String chapter) {
    return "/manual/" + slug(chapter) + "/";
  }

  private static String slug(String title) {
    return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }

  /** Prose-like text drawn from a chapter's words and common ones, the same on every run. */
  private static String text(String[] words, int seed, int length) {
    String[] common = {"the", "a", "to", "of", "and", "is", "when", "you", "can", "with", "this"};
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int n = (seed + i * 17) % 23;
      text.append(n % 3 == 0 ? words[(seed + i) % words.length] : common[n % common.length]).append(' ');
    }
    return text.toString().strip();
  }
}
