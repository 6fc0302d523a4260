package dev.gitops.haproxy.dataplane;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as UTF-8 text, refused as soon as it grows past a limit: an answer that
 * never ends must not fill the heap. The subscription is cancelled at once, which closes the
 * connection.
 */
final class CappedBody implements HttpResponse.BodySubscriber<String> {

  /** Thrown (as the cause of the send's failure) when the body is larger than allowed. */
  static final class TooLargeException extends IOException {
    TooLargeException(long limit) {
      super("the answer is larger than " + limit + " bytes");
    }
  }

  private final long limit;
  private final CompletableFuture<String> result = new CompletableFuture<>();
  private final java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
  private Flow.Subscription subscription;

  private final boolean declaredTooLarge;

  private CappedBody(long limit, boolean declaredTooLarge) {
    this.limit = limit;
    this.declaredTooLarge = declaredTooLarge;
  }

  /** Refuses at once a body whose Content-Length is above {@code limit}, and any that grows past it. */
  static HttpResponse.BodyHandler<String> handler(long limit) {
    return responseInfo -> new CappedBody(limit,
        responseInfo.headers().firstValueAsLong("content-length").orElse(-1) > limit);
  }

  @Override
  public CompletionStage<String> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (declaredTooLarge) {
      result.completeExceptionally(new TooLargeException(limit));
      subscription.cancel();
      return;
    }
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      if (received.size() + (long) buffer.remaining() > limit) {
        result.completeExceptionally(new TooLargeException(limit));
        subscription.cancel();
        return;
      }
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      received.write(bytes, 0, bytes.length);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(received.toString(StandardCharsets.UTF_8));
  }
}
