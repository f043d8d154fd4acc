package io.beamcrawl.pipeline;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads a run's output back with DuckDB, the independent reader users query it with. */
final class Lake {

  private Lake() {}

  /** A table of an output directory ({@code pages} or {@code jobs}), every run's partition. */
  static String table(Path output, String name) {
    return "read_parquet('" + output + "/" + name + "/*/*.parquet', hive_partitioning = true)";
  }

  /** The rows of a query; closing the result closes its statement. */
  static ResultSet query(String sql) throws SQLException {
    Statement statement = DriverManager.getConnection("jdbc:duckdb:").createStatement();
    statement.closeOnCompletion();
    return statement.executeQuery(sql);
  }
}
