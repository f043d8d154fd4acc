package io.beamcrawl.render;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One headless Chromium process and its DevTools connection. It starts with a profile of its own
 * (deleted when it stops) and with nothing of its own reaching the network: every request a page
 * makes is handed to the crawler ({@link Tab}), and whatever the browser would send by itself
 * (background updates, pre-connections, WebSockets, popups) goes to a proxy address that
 * answers nothing.
 */
final class Chromium implements AutoCloseable {

  private static final long START_SECONDS = 30;
  /** The last lines the browser printed, for the message when it does not start. */
  private static final int LINES_KEPT = 20;

  private final Process process;
  private final Path profile;
  final Cdp cdp;

  private Chromium(Process process, Path profile, Cdp cdp) {
    this.process = process;
    this.profile = profile;
    this.cdp = cdp;
  }

  static Chromium launch(RenderSettings settings, String userAgent, ExecutorService events)
      throws Cdp.CdpException {
    Path executable = settings.executable();
    Path profile;
    try {
      profile = Files.createTempDirectory("beamcrawl-chromium-");
    } catch (IOException e) {
      throw new Cdp.CdpException("cannot make a browser profile directory: " + e.getMessage());
    }
    List<String> command = new ArrayList<>(List.of(
        executable.toString(),
        "--headless",
        "--remote-debugging-port=0",
        "--user-data-dir=" + profile,
        "--user-agent=" + userAgent,
        "--window-size=" + settings.viewportWidth() + "," + settings.viewportHeight(),
        "--disable-gpu",
        "--hide-scrollbars",
        "--mute-audio",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--disable-breakpad",
        "--disable-quic",
        "--dns-prefetch-disable",
        "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
        // Requests the crawler does not answer itself go nowhere.
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>"));
    if ("root".equals(System.getProperty("user.name"))) {
      command.add("--no-sandbox"); // Chromium's sandbox refuses to run as root
    }
    command.add("about:blank");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      deleteQuietly(profile);
      throw new Cdp.CdpException("cannot start " + executable + ": " + e.getMessage());
    }
    CompletableFuture<String> address = new CompletableFuture<>();
    Deque<String> lastLines = new ArrayDeque<>();
    Thread reader = new Thread(() -> readErrors(process, address, lastLines), "beamcrawl-chromium-log");
    reader.setDaemon(true);
    reader.start();
    String webSocket;
    try {
      webSocket = address.get(START_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      deleteQuietly(profile);
      String printed;
      synchronized (lastLines) {
        printed = String.join("\n  ", lastLines);
      }
      throw new Cdp.CdpException(
          executable + " did not start within " + START_SECONDS + " s"
              + (printed.isEmpty() ? "" : "; it printed:\n  " + printed));
    }
    try {
      return new Chromium(process, profile, Cdp.connect(webSocket, events));
    } catch (Cdp.CdpException e) {
      stop(process);
      deleteQuietly(profile);
      throw e;
    }
  }

  /** Reads what the browser prints: its DevTools address first, then only keeps the last lines. */
  private static void readErrors(Process process, CompletableFuture<String> address, Deque<String> last) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        int at = line.indexOf("ws://");
        if (line.startsWith("DevTools listening on ") && at >= 0) {
          address.complete(line.substring(at).strip());
        }
        synchronized (last) {
          last.addLast(line);
          if (last.size() > LINES_KEPT) {
            last.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    address.completeExceptionally(new IOException("the browser ended"));
  }

  boolean isAlive() {
    return process.isAlive() && cdp.isOpen();
  }

  /** The browser's process id, for tests that stop it as a crash would. */
  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    cdp.close();
    stop(process);
    deleteQuietly(profile);
  }

  /** Stops the browser and the processes it started (its renderers), by their handles. */
  private static void stop(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(3, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(3, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: the system cleans it
    }
  }
}
