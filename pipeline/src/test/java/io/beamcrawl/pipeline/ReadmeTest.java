package io.beamcrawl.pipeline;

import static org.junit.Assert.assertTrue;

import io.beamcrawl.fetch.FetchError;
import io.beamcrawl.io.Schemas;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.beam.sdk.options.Description;
import org.junit.Test;

/** The docs document every output column, error type and option the code has. */
public class ReadmeTest {

  private static String output() throws Exception {
    return Files.readString(Path.of("..", "docs", "output.md"));
  }

  private static String options() throws Exception {
    return Files.readString(Path.of("..", "docs", "options.md"));
  }

  @Test
  public void everyColumnOfBothTablesIsDocumented() throws Exception {
    String readme = output();
    for (Schema schema : new Schema[] {Schemas.PAGE, Schemas.JOB}) {
      for (Schema.Field field : schema.getFields()) {
        assertTrue(
            schema.getName() + "." + field.name() + " is missing from docs/output.md",
            readme.contains("| `" + field.name() + "` |"));
      }
    }
  }

  @Test
  public void everyErrorTypeIsDocumentedOnTheErrorTypeColumn() throws Exception {
    String row =
        output().lines().filter(line -> line.startsWith("| `error_type` |")).findFirst().orElseThrow();
    for (FetchError error : FetchError.values()) {
      assertTrue(error.columnValue() + " is missing from error_type", row.contains(error.columnValue()));
    }
  }

  @Test
  public void everyOptionIsDocumented() throws Exception {
    String readme = options();
    for (Class<?> options : new Class<?>[] {CrawlOptions.class, ExtractOptions.class}) {
      for (Method getter : options.getDeclaredMethods()) {
        if (getter.isAnnotationPresent(Description.class)) {
          String name = Introspector.decapitalize(getter.getName().replaceFirst("^(get|is)", ""));
          assertTrue("--" + name + " is missing from docs/options.md", readme.contains("| `--" + name + "` |"));
        }
      }
    }
  }
}
