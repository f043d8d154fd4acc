package io.beamcrawl.pipeline;

import io.beamcrawl.io.TableFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/** Reads the jobs table back from Parquet, so the summary shows exactly what was written. */
final class JobTable {

  private JobTable() {}

  static List<GenericRecord> read(Path directory) throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    TableFiles.read(directory, null, rows::add);
    return rows;
  }
}
