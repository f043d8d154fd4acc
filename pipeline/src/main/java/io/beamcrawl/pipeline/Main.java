package io.beamcrawl.pipeline;

import java.security.Security;

/** The command-line entry: {@code java -jar beamcrawl.jar [SEED_URL...] [--option=value...]}. */
public final class Main {

  private Main() {}

  /**
   * Keeps each host's first DNS answer for the life of the process (unless the user chose a cache
   * time), so the address the guard checked is the address the fetch connects to: a name that
   * answers public first and private next (DNS rebinding) cannot slip past it. Must run before
   * the first lookup, when the JVM reads the setting.
   */
  static void pinDnsAnswers() {
    if (Security.getProperty("networkaddress.cache.ttl") == null
        && System.getProperty("sun.net.inetaddr.ttl") == null) {
      Security.setProperty("networkaddress.cache.ttl", "-1");
    }
  }

  public static void main(String[] args) {
    pinDnsAnswers();
    System.exit(new Launcher(System.out, System.err).run(args));
  }
}
