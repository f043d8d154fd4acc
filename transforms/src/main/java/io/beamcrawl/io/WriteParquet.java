package io.beamcrawl.io;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes rows of one table as Snappy-compressed Parquet files {@code part-NNNNN-of-NNNNN.parquet}
 * into a directory. FileIO writes each file under a temporary name and renames it when the
 * bundle is committed, so readers never see a half-written file.
 */
public final class WriteParquet
    extends PTransform<PCollection<GenericRecord>, WriteFilesResult<Void>> {

  private final Schema schema;
  private final String directory;

  private WriteParquet(Schema schema, String directory) {
    this.schema = schema;
    this.directory = directory;
  }

  public static WriteParquet of(Schema schema, String directory) {
    return new WriteParquet(schema, directory);
  }

  @Override
  public WriteFilesResult<Void> expand(PCollection<GenericRecord> rows) {
    return rows.apply(
        "WriteParquetFiles",
        FileIO.<GenericRecord>write()
            .via(ParquetIO.sink(schema).withCompressionCodec(CompressionCodecName.SNAPPY))
            .to(directory)
            .withNaming(FileIO.Write.defaultNaming("part", ".parquet")));
  }
}
