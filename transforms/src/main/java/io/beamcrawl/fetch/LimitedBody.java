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
 * limit.
 */
record LimitedBody(byte[] bytes, long receivedBytes, boolean truncated) {

  static HttpResponse.BodyHandler<LimitedBody> handler(long limit) {
    return info -> new Subscriber(limit);
  }

  private static final class Subscriber implements HttpResponse.BodySubscriber<LimitedBody> {
    private final long limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
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
      for (ByteBuffer buffer : buffers) {
        int available = buffer.remaining();
        int take = (int) Math.min(available, limit - bytes.size());
        received += available;
        byte[] chunk = new byte[take];
        buffer.get(chunk);
        bytes.write(chunk, 0, take);
        if (take < available) {
          subscription.cancel();
          result.complete(new LimitedBody(bytes.toByteArray(), received, true));
          return;
        }
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(new LimitedBody(bytes.toByteArray(), received, false));
    }
  }
}
