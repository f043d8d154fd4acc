package io.beamcrawl.pipeline;

/** The command-line entry: {@code java -jar beamcrawl.jar [SEED_URL...] [--option=value...]}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(new Launcher(System.out, System.err).run(args));
  }
}
