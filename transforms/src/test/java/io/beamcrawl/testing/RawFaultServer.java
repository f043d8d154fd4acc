package io.beamcrawl.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server that misbehaves below HTTP, where a well-behaved server library cannot: each
 * connection is read up to the end of its request headers and then answered by one scripted
 * {@link Fault}. robots.txt gets a plain 404, so crawls get as far as the page, unless {@link
 * #faultRobotsToo()}. Connections are held at most {@link #HOLD_MILLIS}, so a test never hangs on it.
 */
public final class RawFaultServer implements AutoCloseable {

  /** The longest a fault keeps a connection open. */
  public static final long HOLD_MILLIS = 10_000;

  /** What the server does once it has read a request. */
  public enum Fault {
    /** Accepts the connection and never answers. */
    NEVER_ANSWER,
    /** Promises 10,000 bytes, sends 100, then resets the connection. */
    RESET_MID_BODY,
    /** Sends one chunk of a chunked body and closes without the final chunk. */
    TRUNCATED_CHUNKED,
    /** Sends headers only, with a Content-Length, and closes. */
    HEADERS_THEN_CLOSE
  }

  private final ServerSocket socket;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Socket> open = new ArrayList<>();
  private volatile Fault fault = Fault.NEVER_ANSWER;
  private volatile boolean faultRobotsToo;
  private final java.util.concurrent.atomic.AtomicInteger faulted = new java.util.concurrent.atomic.AtomicInteger();

  public RawFaultServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  public RawFaultServer fault(Fault fault) {
    this.fault = fault;
    return this;
  }

  /** robots.txt misbehaves like every other path. */
  public RawFaultServer faultRobotsToo() {
    this.faultRobotsToo = true;
    return this;
  }

  /** Requests answered with the fault so far. */
  public int faultedRequests() {
    return faulted.get();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + socket.getLocalPort() + path;
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        synchronized (open) {
          open.add(connection);
        }
        threads.execute(() -> serve(connection, fault, faultRobotsToo, faulted));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void serve(
      Socket connection,
      Fault fault,
      boolean faultRobotsToo,
      java.util.concurrent.atomic.AtomicInteger faulted) {
    try (connection) {
      String requestLine = readRequestHead(connection.getInputStream());
      OutputStream out = connection.getOutputStream();
      if (!faultRobotsToo && requestLine.startsWith("GET /robots.txt ")) {
        out.write(
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        return;
      }
      faulted.incrementAndGet();
      switch (fault) {
        case NEVER_ANSWER -> Thread.sleep(HOLD_MILLIS);
        case RESET_MID_BODY -> {
          out.write(head("Content-Length: 10000"));
          out.write(new byte[100]);
          out.flush();
          connection.setSoLinger(true, 0); // close() now sends a reset
        }
        case TRUNCATED_CHUNKED -> {
          out.write(head("Transfer-Encoding: chunked"));
          out.write("a\r\n<p>hello</\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
        case HEADERS_THEN_CLOSE -> {
          out.write(head("Content-Length: 500"));
          out.flush();
        }
      }
    } catch (IOException | InterruptedException e) {
      // The client went away, or the server is closing.
    }
  }

  private static byte[] head(String framing) {
    return ("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + framing + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Reads up to the blank line that ends the request headers; returns the request line. */
  private static String readRequestHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int b; matched < end.length && (b = in.read()) != -1; ) {
      head.append((char) b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    int eol = head.indexOf("\r\n");
    return eol < 0 ? head.toString() : head.substring(0, eol);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    synchronized (open) {
      for (Socket connection : open) {
        try {
          connection.close();
        } catch (IOException e) {
          // Closing anyway.
        }
      }
    }
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
