package io.beamcrawl.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A Chrome DevTools Protocol connection over the browser's WebSocket: commands are JSON messages
 * with an id, answered by a message with the same id; events of an attached page come with its
 * session id ("flat" sessions, one socket for the whole browser). Events are handed to their
 * session's listener on {@code events}, never on the socket's own thread, so a listener may send
 * and wait. Thread-safe.
 */
final class Cdp implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A command the browser refused, or could not answer because it went away. */
  static final class CdpException extends Exception {
    CdpException(String message) {
      super(message);
    }
  }

  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
  private final Map<String, Consumer<JsonNode>> sessions = new ConcurrentHashMap<>();
  private final CompletableFuture<String> closed = new CompletableFuture<>();
  private final ExecutorService events;
  private final Object sending = new Object();
  private CompletableFuture<WebSocket> lastSend;
  private final WebSocket socket;

  private Cdp(String webSocketUrl, ExecutorService events) throws CdpException {
    this.events = events;
    try {
      this.socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .buildAsync(URI.create(webSocketUrl), new Listener())
              .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new CdpException("cannot connect to the browser at " + webSocketUrl + ": " + e);
    }
    this.lastSend = CompletableFuture.completedFuture(socket);
  }

  static Cdp connect(String webSocketUrl, ExecutorService events) throws CdpException {
    return new Cdp(webSocketUrl, events);
  }

  /** Sends a command; the answer's {@code result}, or a failed future saying why there is none. */
  CompletableFuture<JsonNode> send(String sessionId, String method, ObjectNode params) {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    if (closed.isDone()) {
      answer.completeExceptionally(new CdpException("the browser is gone: " + closed.join()));
      return answer;
    }
    answers.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    if (sessionId != null) {
      message.put("sessionId", sessionId);
    }
    message.set("params", params == null ? JSON.createObjectNode() : params);
    String text = message.toString();
    // A WebSocket takes one message at a time: each send waits for the one before it.
    synchronized (sending) {
      lastSend = lastSend.thenCompose(ws -> ws.sendText(text, true));
      lastSend.exceptionally(failure -> {
        gone("cannot send to the browser: " + failure);
        return null;
      });
    }
    return answer;
  }

  /** Sends a command and waits for its result. */
  JsonNode call(String sessionId, String method, ObjectNode params, long timeoutMillis)
      throws CdpException, java.util.concurrent.TimeoutException, InterruptedException {
    CompletableFuture<JsonNode> answer = send(sessionId, method, params);
    try {
      return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof CdpException cdp ? cdp : new CdpException(String.valueOf(cause));
    }
  }

  static ObjectNode params() {
    return JSON.createObjectNode();
  }

  /** Where the events of {@code sessionId} go, until {@link #forget}. */
  void listen(String sessionId, Consumer<JsonNode> listener) {
    sessions.put(sessionId, listener);
  }

  void forget(String sessionId) {
    sessions.remove(sessionId);
  }

  /** Completes, with the reason, when the connection is gone. */
  CompletionStage<String> whenClosed() {
    return closed;
  }

  boolean isOpen() {
    return !closed.isDone();
  }

  @Override
  public void close() {
    gone("closed");
    socket.abort();
  }

  private void gone(String reason) {
    if (closed.complete(reason)) {
      CdpException failure = new CdpException("the browser is gone: " + reason);
      answers.values().forEach(answer -> answer.completeExceptionally(failure));
      answers.clear();
    }
  }

  private void received(String text) {
    JsonNode message;
    try {
      message = JSON.readTree(text);
    } catch (Exception e) {
      return; // not a protocol message: nothing waits for it
    }
    JsonNode id = message.get("id");
    if (id != null) {
      CompletableFuture<JsonNode> answer = answers.remove(id.asLong());
      if (answer != null) {
        JsonNode error = message.get("error");
        if (error != null) {
          answer.completeExceptionally(new CdpException(error.path("message").asText(error.toString())));
        } else {
          answer.complete(message.path("result"));
        }
      }
      return;
    }
    Consumer<JsonNode> listener = sessions.get(message.path("sessionId").asText(""));
    if (listener != null) {
      try {
        events.execute(() -> listener.accept(message));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // the pool is shutting down with the browser
      }
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        received(text);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      gone("the browser closed the connection (" + statusCode + " " + reason + ")");
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      gone("the connection broke: " + error);
    }
  }
}
