package io.beamcrawl.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/**
 * The output tables' schemas, one Avro schema per table, kept as documented {@code .avsc} files
 * beside this class; docs/output.md's column tables are made from their field docs.
 */
public final class Schemas {

  /** {@code OUTPUT/pages/crawl=RUN_ID/}: one row per fetched URL. */
  public static final Schema PAGE = load("page.avsc");

  /** {@code OUTPUT/jobs/crawl=RUN_ID/}: one row per job. */
  public static final Schema JOB = load("job.avsc");

  private Schemas() {}

  private static Schema load(String name) {
    try (InputStream in = Schemas.class.getResourceAsStream(name)) {
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + name, e);
    }
  }
}
