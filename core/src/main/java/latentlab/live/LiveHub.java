package latentlab.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import latentlab.train.BatchProgress;
import latentlab.train.EpochImages;
import latentlab.train.EpochMetrics;
import latentlab.train.Hyperparameters;
import latentlab.train.RunStart;
import latentlab.train.TrainingListener;
import latentlab.train.TrainingState;

/**
 * Relays training to every connected browser. The training thread only hands events over (a queue
 * post, or for progress a single reference swap) and never waits for a client; one hub thread keeps the
 * current state, serialises each message once and offers it to every {@link ClientChannel}. A newcomer
 * gets a snapshot of everything so far, on the same thread, so nothing can slip between the two.
 */
public final class LiveHub implements TrainingListener, AutoCloseable {
    static final long PROGRESS_INTERVAL_MILLIS = 200; // at most 5 progress messages per second
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScheduledExecutorService thread = startedNow(new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "live-hub");
        t.setDaemon(true);
        return t;
    }));
    private final Map<String, ClientChannel> clients = new ConcurrentHashMap<>();
    private final AtomicReference<BatchProgress> pendingProgress = new AtomicReference<>();
    private final String device;

    // the state below is touched only on the hub thread
    private TrainingState state = TrainingState.IDLE;
    private String runId;
    private Hyperparameters hyperparameters;
    private final List<EpochMetrics> history = new ArrayList<>();
    private final List<Integer> imageEpochs = new ArrayList<>();
    private EpochImages latestImages;
    private BatchProgress lastProgress;
    private String outcome;

    public LiveHub(String device) {
        this.device = device;
        thread.scheduleAtFixedRate(this::tick, PROGRESS_INTERVAL_MILLIS, PROGRESS_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Shows a saved run (the last one, after a restart) until a new one starts. */
    public void showSavedRun(String id, Hyperparameters hp, List<EpochMetrics> metrics, List<Integer> epochsWithImages,
                             EpochImages latest, String savedOutcome) {
        thread.execute(() -> {
            runId = id;
            hyperparameters = hp;
            history.clear();
            history.addAll(metrics);
            imageEpochs.clear();
            imageEpochs.addAll(epochsWithImages);
            latestImages = latest;
            lastProgress = null;
            outcome = savedOutcome;
        });
    }

    public void connect(ClientChannel client) {
        thread.execute(() -> {
            clients.put(client.id(), client);
            client.offer(snapshot(client.canControl()), false);
            broadcastViewers();
        });
    }

    public void disconnect(String clientId) {
        thread.execute(() -> {
            if (clients.remove(clientId) != null) {
                broadcastViewers();
            }
        });
    }

    /** After a client proved it holds the presenter token: it may control, and its page shows the controls. */
    public void grantControl(ClientChannel client) {
        thread.execute(() -> {
            client.grantControl();
            client.offer(snapshot(true), false);
        });
    }

    /** Sends one message to one client, in order with everything else it receives. */
    public void reply(ClientChannel client, String json) {
        thread.execute(() -> client.offer(json, false));
    }

    public int clientCount() {
        return clients.size();
    }

    @Override
    public void runStarted(RunStart start) {
        thread.execute(() -> {
            runId = start.runId();
            hyperparameters = start.hyperparameters();
            history.clear();
            history.addAll(start.history());
            imageEpochs.clear();
            for (EpochMetrics m : start.history()) {
                imageEpochs.add(m.epoch());
            }
            latestImages = null;
            lastProgress = null;
            outcome = null;
            pendingProgress.set(null);
            for (ClientChannel client : clients.values()) {
                client.offer(snapshot(client.canControl()), false);
            }
        });
    }

    @Override
    public void batchDone(BatchProgress progress) {
        pendingProgress.set(progress); // the clock sends the latest one; the training thread never waits
    }

    @Override
    public void epochDone(EpochMetrics metrics, EpochImages images) {
        thread.execute(() -> {
            flushProgress();
            history.add(metrics);
            imageEpochs.add(images.epoch());
            latestImages = images;
            ObjectNode epoch = message("epoch");
            epoch.set("metrics", JSON.valueToTree(metrics));
            broadcastNow(epoch.toString(), false);
            broadcastNow(imagesMessage(images).toString(), false);
        });
    }

    @Override
    public void stateChanged(TrainingState newState) {
        thread.execute(() -> {
            state = newState;
            broadcastNow(stateMessage().toString(), false);
        });
    }

    @Override
    public void runEnded(String id, boolean completed, Throwable error) {
        thread.execute(() -> {
            flushProgress();
            outcome = error != null ? "failed: " + error.getMessage() : completed ? "completed" : "stopped";
            broadcastNow(stateMessage().toString(), false);
        });
    }

    private void tick() {
        try {
            flushProgress();
            long now = System.currentTimeMillis();
            for (ClientChannel client : clients.values()) {
                client.checkStuck(now);
                if (client.isClosed()) {
                    clients.remove(client.id());
                }
            }
        } catch (RuntimeException e) {
            // a failing client must never stop the clock
        }
    }

    private void flushProgress() {
        BatchProgress p = pendingProgress.getAndSet(null);
        if (p != null) {
            lastProgress = p;
            ObjectNode progress = message("progress");
            progress.setAll((ObjectNode) JSON.valueToTree(p));
            broadcastNow(progress.toString(), true);
        }
    }

    private void broadcastViewers() {
        ObjectNode viewers = message("viewers");
        viewers.put("count", clients.size());
        broadcastNow(viewers.toString(), true);
    }

    /** Sends one message to every client (from any thread), in order with the rest. */
    public void broadcast(String json, boolean droppable) {
        thread.execute(() -> broadcastNow(json, droppable));
    }

    private void broadcastNow(String json, boolean droppable) {
        OutgoingText shared = new OutgoingText(json); // encoded once for everyone
        for (ClientChannel client : clients.values()) {
            client.offer(shared, droppable);
        }
    }

    private String snapshot(boolean canControl) {
        ObjectNode s = message("snapshot");
        s.put("canControl", canControl);
        s.setAll((ObjectNode) stateMessage().without("type"));
        s.set("history", JSON.valueToTree(history));
        ArrayNode epochs = s.putArray("imageEpochs");
        imageEpochs.forEach(epochs::add);
        s.set("images", latestImages == null ? null : imagesMessage(latestImages).without("type"));
        s.set("progress", lastProgress == null ? null : JSON.valueToTree(lastProgress));
        s.put("viewers", clients.size());
        return s.toString();
    }

    private ObjectNode stateMessage() {
        ObjectNode s = message("state");
        s.put("state", state.name().toLowerCase());
        s.put("runId", runId);
        s.put("device", device);
        s.set("hyperparameters", hyperparameters == null ? null : JSON.valueToTree(hyperparameters));
        s.put("epoch", history.isEmpty() ? 0 : history.get(history.size() - 1).epoch());
        s.put("outcome", outcome);
        return s;
    }

    private ObjectNode imagesMessage(EpochImages images) {
        ObjectNode m = message("images");
        m.put("runId", runId);
        m.put("epoch", images.epoch());
        // links, not the pictures: the PNGs are in the run folder before this goes out, and each browser
        // fetches (and caches) them over HTTP, so an epoch's end costs every viewer ~200 bytes of socket
        // instead of 60 KB of base64 queued behind it for hundreds of others
        String folder = "/api/runs/" + runId + "/images/" + images.epoch() + "/";
        m.put("samples", folder + "samples.png");
        m.put("reconstructions", folder + "reconstructions.png");
        return m;
    }

    /** Every message says when the hub sent it (server clock, ms), so delivery delays can be measured. */
    private static ObjectNode message(String type) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", type);
        node.put("sentAt", System.currentTimeMillis());
        return node;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    /**
     * Starts the thread here, on the server's thread: one started later from a training callback would
     * inherit the training thread's lower priority.
     */
    private static ScheduledThreadPoolExecutor startedNow(ScheduledThreadPoolExecutor executor) {
        executor.prestartAllCoreThreads();
        return executor;
    }
}
