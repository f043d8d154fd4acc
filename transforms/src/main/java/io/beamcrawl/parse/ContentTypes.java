package io.beamcrawl.parse;

import java.net.URI;
import org.apache.tika.Tika;

/** What a body really is: Tika's detection from its bytes and name, and whether to parse it as HTML. */
public final class ContentTypes {

  // Tika's detector is thread-safe and costly to build: one per JVM.
  private static final Tika TIKA = new Tika();

  private static final int BINARY_SAMPLE_BYTES = 1024;

  private ContentTypes() {}

  /** The media type detected from the bytes (magic) and, failing that, from the URL's file name. */
  public static String detect(byte[] body, String url) {
    String name = null;
    try {
      String path = URI.create(url).getPath();
      name = path == null ? null : path.substring(path.lastIndexOf('/') + 1);
    } catch (IllegalArgumentException e) {
      // Detection from the bytes alone.
    }
    return TIKA.detect(body == null ? new byte[0] : body, name);
  }

  /**
   * True when a body should go to the HTML parser: declared HTML that does not look binary, or
   * undeclared content that looks like HTML.
   */
  public static boolean isHtml(String declared, String detected, byte[] body) {
    if (looksBinary(body)) {
      return false;
    }
    boolean detectedHtml = isHtmlType(detected);
    if (declared == null) {
      return detectedHtml;
    }
    return isHtmlType(declared)
        && (detectedHtml || detected.startsWith("text/") || detected.contains("xml"));
  }

  /**
   * Text never holds NUL and rarely other control characters; a body whose first kilobyte does
   * is binary, whatever its label or file name says. UTF-16 text (which is full of NULs) is known
   * by its byte order mark.
   */
  static boolean looksBinary(byte[] body) {
    if (body == null) {
      return false;
    }
    if (body.length >= 2
        && (((body[0] & 0xff) == 0xfe && (body[1] & 0xff) == 0xff)
            || ((body[0] & 0xff) == 0xff && (body[1] & 0xff) == 0xfe))) {
      return false;
    }
    int sample = Math.min(body.length, BINARY_SAMPLE_BYTES);
    int control = 0;
    for (int i = 0; i < sample; i++) {
      int b = body[i] & 0xff;
      if (b == 0) {
        return true;
      }
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1b) {
        control++;
      }
    }
    return control * 10 > sample;
  }

  private static boolean isHtmlType(String mime) {
    return mime != null && (mime.equals("text/html") || mime.equals("application/xhtml+xml"));
  }
}
