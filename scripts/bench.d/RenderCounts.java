import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/**
 * Counts a rendering benchmark's pages from its output with DuckDB: per kind of page (script
 * pages under /s/ or the app's index, pages the server writes under /p/ or the mixed site's
 * index), how many were crawled and how many rendered. Prints "kind pages rendered" lines.
 *
 * usage: java -cp duckdb_jdbc.jar RenderCounts.java OUTPUT SITE_KIND
 */
public class RenderCounts {
  public static void main(String[] args) throws Exception {
    String pages = "read_parquet('" + args[0] + "/pages/*/*.parquet')";
    String script = args[1].equals("app")
        ? "true" : "regexp_matches(url, '/s/[0-9]+[.]html$')";
    String sql = "SELECT CASE WHEN " + script + " THEN 'script' ELSE 'static' END AS kind,"
        + " count(*), count(*) FILTER (WHERE rendered), count(*) FILTER (WHERE status <> 'success')"
        + " FROM " + pages + " GROUP BY kind ORDER BY kind";
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        ResultSet rows = db.createStatement().executeQuery(sql)) {
      while (rows.next()) {
        System.out.println(rows.getString(1) + " " + rows.getLong(2) + " " + rows.getLong(3) + " " + rows.getLong(4));
      }
    }
  }
}
