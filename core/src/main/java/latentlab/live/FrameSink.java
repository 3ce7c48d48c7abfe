package latentlab.live;

import java.util.function.Consumer;

/** Where a client's frames go: a WebSocket session in the server, anything in a test. */
public interface FrameSink {
    /** Sends a text frame; {@code done} gets null on success or the failure, possibly on another thread. */
    void send(OutgoingText text, Consumer<Throwable> done);

    void close(int code, String reason);

    /**
     * False once the connection has gone (closed, failed). A socket still completing its opening
     * handshake counts as open: frames sent then are delivered after it.
     */
    boolean isOpen();
}
