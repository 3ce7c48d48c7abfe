package latentlab.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * N students' pages as the page now behaves: each holds a socket, fetches each epoch's decoder when its
 * images message arrives and the codes when the latent map's message does (a connection of its own, as a
 * browser has), and asks the server to decode nothing; like the page, each first waits a random share of a
 * window that grows with the class (2 ms per page, at most 1 s). Counts the bytes received and, for each decoder,
 * the time from the images message's server stamp to the whole file held. Jetty's clients, parsing only
 * the fields used and keeping no body, so the stand-ins for the class's devices cost this machine as
 * little as they can (the JDK's clients cost about twice as much, and see classroom.md for the UTF-8 fault).
 */
final class SimulatedStudents implements AutoCloseable {
    private final HttpClient http = new HttpClient();
    private final WebSocketClient sockets;
    private final ConcurrentLinkedQueue<Double> holds = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final String base;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "simulated-students-clock"));
    // as explorer.js's spreadOut: 2 ms per open page, at most 1 s (SPREAD_MS_PER_PAGE, SPREAD_MAX_MS)
    static final long SPREAD_MS_PER_PAGE = 2;
    static final long SPREAD_MAX_MS = 1000;

    SimulatedStudents(int port, int count) throws Exception {
        base = "http://127.0.0.1:" + port;
        http.setExecutor(new QueuedThreadPool(16, 2, 60_000, -1, null, null, r -> new Thread(r, "simulated-students")));
        http.setMaxConnectionsPerDestination(count + 16);
        http.setMaxRequestsQueuedPerDestination(4 * count + 64);
        sockets = new WebSocketClient(http);
        sockets.start();
        for (int i = 0; i < count; i++) {
            SimulatedStudent student = new SimulatedStudent(http, base, bytes, holds, clock, Math.min(SPREAD_MAX_MS, SPREAD_MS_PER_PAGE * count));
            sockets.connect(student, URI.create("ws://127.0.0.1:" + port + "/ws")).get(10, TimeUnit.SECONDS);
        }
    }

    long bytes() {
        return bytes.get();
    }

    List<Double> holdMillis() {
        return new ArrayList<>(holds);
    }

    @Override
    public void close() throws Exception {
        sockets.stop();
        clock.shutdownNow();
    }
}
