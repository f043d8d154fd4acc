package io.beamcrawl.io;

import io.beamcrawl.stats.JobSummary;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Writes the jobs table into a directory as Parquet ({@link WriteParquet}). */
public final class WriteJobs extends PTransform<PCollection<JobSummary>, PCollection<String>> {

  private final String directory;
  private final ParquetFiles files;
  private final long runStartMillis;

  private WriteJobs(String directory, long runStartMillis, ParquetFiles files) {
    this.directory = directory;
    this.files = files;
    this.runStartMillis = runStartMillis;
  }

  public static WriteJobs to(String directory, long runStartMillis) {
    return new WriteJobs(directory, runStartMillis, ParquetFiles.DEFAULT);
  }

  /** Files cut and compressed as {@code files} says. */
  public WriteJobs withFiles(ParquetFiles files) {
    return new WriteJobs(directory, runStartMillis, files);
  }

  @Override
  public PCollection<String> expand(PCollection<JobSummary> jobs) {
    long start = runStartMillis;
    return jobs.apply(
            "ToJobRows",
            MapElements.into(TypeDescriptor.of(GenericRecord.class))
                .via(job -> JobRecords.toRecord(job, start)))
        .setCoder(AvroCoder.of(GenericRecord.class, Schemas.JOB))
        .apply(WriteParquet.of(Schemas.JOB, directory).withFiles(files));
  }
}
