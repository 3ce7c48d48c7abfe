package latentlab.live;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One connected browser, with a bound on what it may owe us. At most {@value #MAX_IN_FLIGHT} frames are
 * in flight; beyond that, droppable updates (progress) are skipped, and the rest wait in a queue of
 * {@value #MAX_QUEUED}. A client that overflows it, or leaves a frame unconfirmed for
 * {@value #STUCK_MILLIS} ms, is closed with 1013 (try again later): it reconnects and gets a fresh
 * snapshot, and nobody else ever waits for it.
 */
public final class ClientChannel {
    static final int MAX_IN_FLIGHT = 4;
    static final int MAX_QUEUED = 64;
    static final long STUCK_MILLIS = 15_000;

    private final String id;
    private final FrameSink sink;
    private final Deque<OutgoingText> queued = new ArrayDeque<>();
    private volatile boolean canControl;
    private int inFlight;
    private long oldestSendMillis;
    private boolean closed;

    public ClientChannel(String id, FrameSink sink) {
        this.id = id;
        this.sink = sink;
    }

    public String id() {
        return id;
    }

    public boolean canControl() {
        return canControl;
    }

    public void grantControl() {
        canControl = true;
    }

    /** Queues or sends a frame meant for this client alone; never blocks. */
    public void offer(String text, boolean droppable) {
        offer(new OutgoingText(text), droppable);
    }

    /** Queues or sends a frame (perhaps one shared by every client); never blocks. */
    public synchronized void offer(OutgoingText text, boolean droppable) {
        if (closed) {
            return;
        }
        if (!sink.isOpen()) {
            closed = true;
            return;
        }
        if (inFlight < MAX_IN_FLIGHT && queued.isEmpty()) {
            sendNow(text);
        } else if (droppable) {
            return; // a newer one of its kind will follow
        } else if (queued.size() >= MAX_QUEUED) {
            closeSlow("too slow: " + MAX_QUEUED + " updates waiting");
        } else {
            queued.add(text);
        }
    }

    /** Closes the client if a frame has been waiting on it too long (called by the hub's clock). */
    public synchronized void checkStuck(long nowMillis) {
        if (!closed && inFlight > 0 && nowMillis - oldestSendMillis > STUCK_MILLIS) {
            closeSlow("stuck: no frame delivered for " + STUCK_MILLIS / 1000 + " s");
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private void sendNow(OutgoingText text) {
        if (inFlight == 0) {
            oldestSendMillis = System.currentTimeMillis();
        }
        inFlight++;
        sink.send(text, this::delivered);
    }

    private synchronized void delivered(Throwable failure) {
        inFlight--;
        oldestSendMillis = System.currentTimeMillis();
        if (failure != null) {
            closed = true;
            queued.clear();
            return;
        }
        while (!closed && inFlight < MAX_IN_FLIGHT && !queued.isEmpty()) {
            sendNow(queued.poll());
        }
    }

    private void closeSlow(String reason) {
        closed = true;
        queued.clear();
        sink.close(1013, reason);
    }
}
