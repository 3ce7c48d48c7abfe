package latentlab.web;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request's whole body before any route sees it, without holding a thread while it arrives
 * (Jetty's asynchronous reads), and within a deadline. A client that trickles its body (one byte every
 * few seconds, from hundreds of connections) used to pin one of Jetty's threads each, in the blocking
 * read of the body, until none was left for {@code /api/status}; now it pins none, and is answered 408 and
 * cut off at the deadline. Bodies over {@link #MAX_BYTES} are answered 413. A route then reads the body
 * from memory, so no answer is ever sent while the client is still uploading (which would end in a reset
 * connection rather than the answer).
 */
final class WholeBodyFirst extends Handler.Wrapper {
    /** The largest body any route accepts (Javalin's maxRequestSize is set to the same). */
    static final int MAX_BYTES = 1_000_000;

    private final long deadlineMillis;

    WholeBodyFirst(long deadlineMillis) {
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long length = request.getLength();
        boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (length <= 0 && !chunked) {
            return super.handle(request, response, callback);
        }
        if (length > MAX_BYTES) {
            FrontDoor.refuse(response, callback, 413, "the request body is too large (" + length + " bytes; at most " + MAX_BYTES + ")");
            return true;
        }
        CompletableFuture<byte[]> body = Content.Source.asByteArrayAsync(request, MAX_BYTES);
        Scheduler.Task deadline = getServer().getScheduler().schedule(
                () -> body.completeExceptionally(new TimeoutException()), deadlineMillis, TimeUnit.MILLISECONDS);
        body.whenComplete((bytes, failure) -> {
            deadline.cancel();
            if (failure instanceof TimeoutException) {
                // the connection closes after this answer (Connection: close), whatever is still on its way
                FrontDoor.refuse(response, callback, 408, "the request body did not arrive within "
                        + deadlineMillis / 1000 + " s; send it whole");
            } else if (failure != null) {
                FrontDoor.refuse(response, callback, 400, "the request body could not be read whole (at most "
                        + MAX_BYTES + " bytes): " + failure.getClass().getSimpleName());
            } else {
                try {
                    if (!super.handle(new Replayed(request, bytes), response, callback)) {
                        FrontDoor.refuse(response, callback, 404, "not found");
                    }
                } catch (Throwable t) {
                    callback.failed(t);
                }
            }
        });
        return true;
    }

    /** The request with its body already in memory: one chunk, then the end. */
    private static final class Replayed extends Request.Wrapper {
        private Content.Chunk next;

        Replayed(Request request, byte[] body) {
            super(request);
            this.next = Content.Chunk.from(ByteBuffer.wrap(body), true);
        }

        @Override
        public synchronized Content.Chunk read() {
            Content.Chunk chunk = next;
            next = Content.Chunk.EOF;
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }

        @Override
        public void fail(Throwable failure) {
            synchronized (this) {
                next = Content.Chunk.from(failure, true);
            }
        }
    }
}
