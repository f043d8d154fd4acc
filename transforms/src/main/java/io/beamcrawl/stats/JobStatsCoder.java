package io.beamcrawl.stats;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * {@link JobStats} as a few variable-length numbers. The per-job Combine's accumulators are
 * encoded and decoded each time a runner copies its state (the Direct runner does for every
 * bundle), which Java serialization made a tenth of a crawl's CPU.
 */
public final class JobStatsCoder extends CustomCoder<JobStats> {

  private static final JobStatsCoder INSTANCE = new JobStatsCoder();

  private JobStatsCoder() {}

  public static JobStatsCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(JobStats stats, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    stats.writeTo(data);
    data.flush();
  }

  @Override
  public JobStats decode(InputStream in) throws IOException {
    return JobStats.readFrom(new DataInputStream(in));
  }

  @Override
  public void verifyDeterministic() {}
}
