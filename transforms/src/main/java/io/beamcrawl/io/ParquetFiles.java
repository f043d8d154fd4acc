package io.beamcrawl.io;

import java.io.Serializable;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * How a table's Parquet files are cut and compressed.
 *
 * @param targetBytes files of about this many bytes: lake engines plan their reads per file, and
 *     many small files cost them more than the data
 * @param compression the codec of every column
 * @param gatherRowGroups rows are gathered into row groups before they are written, for a runner
 *     whose bundles are small (the Direct runner's hold what a crawl handed on at one time):
 *     otherwise each bundle is a row group, and a lake engine reads many small ones
 */
public record ParquetFiles(long targetBytes, CompressionCodecName compression, boolean gatherRowGroups)
    implements Serializable {

  public static final ParquetFiles DEFAULT =
      new ParquetFiles(128L << 20, CompressionCodecName.ZSTD, false);

  public ParquetFiles {
    if (targetBytes < 1) {
      throw new IllegalArgumentException("a file's target size must be positive, not " + targetBytes);
    }
  }

  /** The same files, rows gathered into row groups first or not. */
  public ParquetFiles gatheringRowGroups(boolean gather) {
    return new ParquetFiles(targetBytes, compression, gather);
  }

  /**
   * Hadoop settings for Parquet's readers and writers, with none read from Hadoop's own XML files:
   * Parquet has its defaults in its code, and parsing those files costs tens of milliseconds for
   * every file opened.
   */
  public static Configuration hadoopSettings() {
    return new Configuration(false);
  }

  /** A codec by its name: zstd, snappy, gzip or none, any case. */
  public static CompressionCodecName codec(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "zstd" -> CompressionCodecName.ZSTD;
      case "snappy" -> CompressionCodecName.SNAPPY;
      case "gzip" -> CompressionCodecName.GZIP;
      case "none", "uncompressed" -> CompressionCodecName.UNCOMPRESSED;
      default -> throw new IllegalArgumentException(
          "unknown Parquet compression '" + name + "' (--parquetCompression): use zstd, snappy,"
              + " gzip or none");
    };
  }
}
