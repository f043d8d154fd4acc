package io.beamcrawl.fetch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Undoes gzip and deflate Content-Encoding, producing at most a given number of bytes: a
 * compression bomb stops at the limit and is marked truncated.
 */
final class ContentDecoding {

  /** The decoded bytes and whether they were cut at the limit or ended early. */
  record Decoded(byte[] bytes, boolean truncated) {}

  private ContentDecoding() {}

  /**
   * @param encoding the Content-Encoding header, or null
   * @throws ZipException when the data is not valid gzip or deflate
   */
  static Decoded decode(byte[] raw, String encoding, long limit, boolean rawTruncated)
      throws IOException {
    String coding = encoding == null ? "identity" : encoding.trim().toLowerCase(Locale.ROOT);
    return switch (coding) {
      case "gzip", "x-gzip" -> inflate(new GZIPInputStream(new ByteArrayInputStream(raw)), limit, rawTruncated);
      case "deflate" -> inflate(deflateStream(raw), limit, rawTruncated);
      default -> new Decoded(raw, rawTruncated);
    };
  }

  /** "deflate" is meant to be zlib-wrapped, but many servers send raw deflate data. */
  private static InputStream deflateStream(byte[] raw) {
    boolean zlib = raw.length >= 2 && (raw[0] & 0x0f) == 8 && ((raw[0] & 0xff) << 8 | (raw[1] & 0xff)) % 31 == 0;
    return new InflaterInputStream(new ByteArrayInputStream(raw), new Inflater(!zlib));
  }

  private static Decoded inflate(InputStream in, long limit, boolean rawTruncated)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        int keep = (int) Math.min(n, limit - out.size());
        out.write(buffer, 0, keep);
        if (keep < n) {
          return new Decoded(out.toByteArray(), true);
        }
      }
    } catch (EOFException e) {
      if (!rawTruncated) {
        throw new ZipException("compressed body ends early");
      }
      // A body cut at the size limit ends mid-stream: keep what was decoded.
    }
    return new Decoded(out.toByteArray(), rawTruncated);
  }
}
