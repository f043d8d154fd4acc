package io.beamcrawl.parse;

import java.net.URI;
import org.apache.tika.Tika;

/** What a body really is: Tika's detection from its bytes and name, and whether to parse it as HTML. */
public final class ContentTypes {

  // Tika's detector is thread-safe and costly to build: one per JVM.
  private static final Tika TIKA = new Tika();

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
  public static boolean isHtml(String declared, String detected) {
    boolean detectedHtml = isHtmlType(detected);
    if (declared == null) {
      return detectedHtml;
    }
    return isHtmlType(declared)
        && (detectedHtml || detected.startsWith("text/") || detected.contains("xml"));
  }

  private static boolean isHtmlType(String mime) {
    return mime != null && (mime.equals("text/html") || mime.equals("application/xhtml+xml"));
  }
}
