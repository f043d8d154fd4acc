package io.beamcrawl.fetch;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read up to a size limit: past it, the rest is not read (the connection is
 * dropped) and the body is marked truncated, so a huge body never costs more memory than the
 * limit. Its bytes are taken once ({@link #takeBytes}): the HTTP client keeps a pooled
 * connection's last response until the connection's next exchange, and with many sites idle
 * connections would otherwise hold a body each.
 */
final class LimitedBody {

  private byte[] bytes;
  private final long receivedBytes;
  private final boolean truncated;

  private LimitedBody(byte[] bytes, long receivedBytes, boolean truncated) {
    this.bytes = bytes;
    this.receivedBytes = receivedBytes;
    this.truncated = truncated;
  }

  /** The body as received, once; this object no longer holds it. */
  synchronized byte[] takeBytes() {
    byte[] taken = bytes;
    bytes = null;
    return taken;
  }

  /** Body bytes received on the wire, those past the limit included. */
  long receivedBytes() {
    return receivedBytes;
  }

  /** The body was cut at the limit. */
  boolean truncated() {
    return truncated;
  }

  static HttpResponse.BodyHandler<LimitedBody> handler(long limit) {
    return info -> new Subscriber(limit);
  }

  private static final class Subscriber implements HttpResponse.BodySubscriber<LimitedBody> {
    private final long limit;
    // Let go of once the body is complete: the HTTP client keeps a pooled connection's last
    // subscriber until the connection's next exchange, and idle connections live for minutes.
    private ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<LimitedBody> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long received;

    Subscriber(long limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<LimitedBody> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (bytes == null) {
        return; // cut off at the limit, or failed: what still comes is dropped
      }
      for (ByteBuffer buffer : buffers) {
        int available = buffer.remaining();
        int take = (int) Math.min(available, limit - bytes.size());
        received += available;
        if (buffer.hasArray()) {
          bytes.write(buffer.array(), buffer.arrayOffset() + buffer.position(), take);
          buffer.position(buffer.position() + take);
        } else {
          byte[] chunk = new byte[take];
          buffer.get(chunk);
          bytes.write(chunk, 0, take);
        }
        if (take < available) {
          subscription.cancel();
          complete(true);
          return;
        }
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
      bytes = null;
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      if (bytes != null) {
        complete(false);
      }
    }

    private void complete(boolean truncated) {
      byte[] body = bytes.toByteArray();
      bytes = null;
      result.complete(new LimitedBody(body, received, truncated));
    }
  }
}
