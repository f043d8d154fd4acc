package io.beamcrawl.testing;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads Parquet back with DuckDB, a reader independent of the one that wrote it. */
public final class DuckDb {

  private DuckDb() {}

  /** The rows of {@code sql} on an in-memory database; closing them closes their statement. */
  public static ResultSet query(String sql) throws SQLException {
    Statement statement = DriverManager.getConnection("jdbc:duckdb:").createStatement();
    statement.closeOnCompletion();
    return statement.executeQuery(sql);
  }
}
