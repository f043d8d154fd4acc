package io.beamcrawl.parse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.tika.Tika;

/** What a body really is: Tika's detection from its bytes and name, and whether to parse it as HTML. */
public final class ContentTypes {

  // Tika's detector is thread-safe and costly to build: one per JVM.
  private static final Tika TIKA = new Tika();

  private static final int BINARY_SAMPLE_BYTES = 1024;

  private static final byte[] HTML5_DOCTYPE = "<!doctype html".getBytes(StandardCharsets.US_ASCII);

  private ContentTypes() {}

  /** The media type detected from the bytes (magic) and, failing that, from the URL's file name. */
  public static String detect(byte[] body, String url) {
    // Tika tries its magic patterns over the first kilobytes, a tenth of the CPU of a crawl of
    // HTML pages; for a page that opens with the HTML5 doctype it says text/html, whatever the
    // page's name.
    if (body != null && opensWithHtml5Doctype(body)) {
      return "text/html";
    }
    return TIKA.detect(body == null ? new byte[0] : body, fileName(url));
  }

  private static String fileName(String url) {
    try {
      String path = URI.create(url).getPath();
      return path == null ? null : path.substring(path.lastIndexOf('/') + 1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** "<!doctype html>" (any case) after an optional UTF-8 byte order mark and white space. */
  static boolean opensWithHtml5Doctype(byte[] body) {
    boolean bom =
        body.length >= 3
            && (body[0] & 0xff) == 0xef
            && (body[1] & 0xff) == 0xbb
            && (body[2] & 0xff) == 0xbf;
    int i = skipSpace(body, bom ? 3 : 0);
    for (byte expected : HTML5_DOCTYPE) {
      if (i >= body.length || Character.toLowerCase(body[i++]) != expected) {
        return false;
      }
    }
    i = skipSpace(body, i);
    return i < body.length && body[i] == '>';
  }

  private static int skipSpace(byte[] body, int from) {
    int i = from;
    while (i < body.length && " \t\n\r\f".indexOf(body[i]) >= 0) {
      i++;
    }
    return i;
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
