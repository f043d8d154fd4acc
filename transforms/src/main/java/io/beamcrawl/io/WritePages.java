package io.beamcrawl.io;

import io.beamcrawl.extract.ExtractedPage;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Writes the pages table into a directory as Parquet ({@link WriteParquet}). */
public final class WritePages
    extends PTransform<PCollection<ExtractedPage>, PCollection<String>> {

  private final String directory;
  private final ParquetFiles files;
  private final boolean storeHtml;

  private WritePages(String directory, boolean storeHtml, ParquetFiles files) {
    this.directory = directory;
    this.files = files;
    this.storeHtml = storeHtml;
  }

  /** @param storeHtml false drops the raw HTML column's values (the column stays, null) */
  public static WritePages to(String directory, boolean storeHtml) {
    return new WritePages(directory, storeHtml, ParquetFiles.DEFAULT);
  }

  /** Files cut and compressed as {@code files} says. */
  public WritePages withFiles(ParquetFiles files) {
    return new WritePages(directory, storeHtml, files);
  }

  @Override
  public PCollection<String> expand(PCollection<ExtractedPage> pages) {
    boolean html = storeHtml;
    return pages
        .apply(
            "ToPageRows",
            MapElements.into(TypeDescriptor.of(GenericRecord.class))
                .via(page -> PageRecords.toRecord(page, html)))
        .setCoder(AvroCoder.of(GenericRecord.class, Schemas.PAGE))
        .apply(WriteParquet.of(Schemas.PAGE, directory).withFiles(files));
  }
}
