package latentlab.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import latentlab.train.BatchProgress;
import latentlab.train.EpochEnd;
import latentlab.train.EpochMetrics;
import latentlab.train.Hyperparameters;
import latentlab.train.RunEnd;
import latentlab.train.RunStart;
import latentlab.train.SavedRun;
import latentlab.train.TrainingListener;
import latentlab.train.TrainingState;

/**
 * The live state of the class and its relay to every connected browser. The training thread only hands
 * events over (a queue post, or for progress a single reference swap) and never waits for a client; one
 * hub thread owns the state (the run on show, its history and pictures, the latest progress, what the
 * presenter explores), writes each message once and offers it to every {@link ClientChannel}. A newcomer
 * gets a snapshot of all of it, on the same thread, so nothing can slip between the two.
 */
public final class LiveHub implements TrainingListener, AutoCloseable {
    static final long PROGRESS_INTERVAL_MILLIS = 200; // the presenter's pages: at most 5 progress messages a second
    // Viewers get the latest progress once a second, and the count of pages once a tick at most: with 500
    // students the 2,500 socket writes a second (each waking a thread while training's two threads share
    // two cores) slowed training by ~20 %, a fifth of them by ~9 % (bench --explorers 500, classroom.md).
    static final int VIEWER_PROGRESS_TICKS = 5;

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
    private final List<latentlab.train.TuningChange> changes = new ArrayList<>();
    private BatchProgress lastProgress;
    private String outcome;
    private String demo;        // the run on show is the shipped demo: the command that made it
    private JsonNode presenterExplore;
    private LiveMessage.LatentMapReady latentMap;
    private long ticks;            // of the progress clock
    private boolean viewerProgressDue;
    private boolean viewersChanged;

    public LiveHub(String device) {
        this.device = device;
        thread.scheduleAtFixedRate(this::tick, PROGRESS_INTERVAL_MILLIS, PROGRESS_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * The run on show was deleted: shows {@code next} (the newest run left) or nothing, and tells every page
     * (a fresh snapshot each).
     */
    public void replaceDeletedRun(String deleted, SavedRun next) {
        thread.execute(() -> {
            if (!deleted.equals(runId) || state != TrainingState.IDLE) {
                return;
            }
            if (next == null) {
                show(null, null, List.of(), List.of(), List.of());
                outcome = null;
            } else {
                show(next.id(), next.hyperparameters(), next.history(), next.epochsWithImages(), next.changes());
                outcome = next.outcome();
                demo = next.demo();
            }
            latentMap = null;
            for (ClientChannel client : clients.values()) {
                client.offer(snapshot(client.canControl()), false);
            }
        });
    }

    /** Shows a saved run (the last one, after a restart) until a new one starts. */
    public void showSavedRun(SavedRun run) {
        thread.execute(() -> {
            show(run.id(), run.hyperparameters(), run.history(), run.epochsWithImages(), run.changes());
            outcome = run.outcome();
            demo = run.demo();
        });
    }

    public void connect(ClientChannel client) {
        thread.execute(() -> {
            clients.put(client.id(), client);
            client.offer(snapshot(client.canControl()), false);
            viewersChanged = true;
        });
    }

    public void disconnect(String clientId) {
        thread.execute(() -> {
            if (clients.remove(clientId) != null) {
                viewersChanged = true;
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

    /** A page back from viewing a saved run asks for the live state again: a fresh snapshot to it alone. */
    public void resync(ClientChannel client) {
        thread.execute(() -> client.offer(snapshot(client.canControl()), false));
    }

    /** What the presenter now explores: kept for the snapshot of every page that connects later, and sent to all. */
    public void presenterExplored(JsonNode explore) {
        thread.execute(() -> {
            presenterExplore = explore;
            broadcastNow(new LiveMessage.PresenterExplore(explore), true);
        });
    }

    /** Sends one message to one client, in order with everything else it receives. */
    /** A new latent map (and so codes and a decoder) is ready: everyone hears, and it goes into every snapshot. */
    public void latentMapReady(LiveMessage.LatentMapReady map) {
        thread.execute(() -> {
            latentMap = map;
            broadcastNow(map, false);
        });
    }

    public void reply(ClientChannel client, LiveMessage message) {
        thread.execute(() -> client.offer(LiveMessage.encode(message), false));
    }

    /** Sends one message to every client (from any thread), in order with the rest. */
    public void broadcast(LiveMessage message, boolean droppable) {
        thread.execute(() -> broadcastNow(message, droppable));
    }

    public int clientCount() {
        return clients.size();
    }

    @Override
    public void runStarted(RunStart start) {
        thread.execute(() -> {
            show(start.runId(), start.hyperparameters(), start.history(),
                    start.history().stream().map(EpochMetrics::epoch).toList(), start.changes());
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
    public void epochDone(EpochEnd end) {
        EpochMetrics metrics = end.metrics();
        thread.execute(() -> {
            flushProgress(true); // the epoch's last progress to every page, before its epoch message
            history.add(metrics);
            imageEpochs.add(metrics.epoch());
            broadcastNow(new LiveMessage.Epoch(metrics), false);
            broadcastNow(latestImages(), false); // links: each browser fetches (and caches) the PNGs itself
        });
    }

    @Override
    public void tuned(List<latentlab.train.TuningChange> made) {
        thread.execute(() -> {
            flushProgress(true); // the batches before the change first
            changes.addAll(made);
            broadcastNow(new LiveMessage.Tuned(runId, List.copyOf(made)), false);
        });
    }

    @Override
    public void stateChanged(TrainingState newState) {
        thread.execute(() -> {
            state = newState;
            broadcastNow(new LiveMessage.State(runState()), false);
        });
    }

    @Override
    public void runEnded(RunEnd end) {
        thread.execute(() -> {
            flushProgress(true);
            outcome = end.outcome();
            broadcastNow(new LiveMessage.State(runState()), false);
        });
    }

    private void show(String id, Hyperparameters hp, List<EpochMetrics> metrics, List<Integer> epochsWithImages,
                      List<latentlab.train.TuningChange> madeChanges) {
        runId = id;
        demo = null;
        changes.clear();
        changes.addAll(madeChanges);
        hyperparameters = hp;
        history.clear();
        history.addAll(metrics);
        imageEpochs.clear();
        imageEpochs.addAll(epochsWithImages);
        lastProgress = null;
        viewerProgressDue = false;
    }

    private void tick() {
        try {
            flushProgress(++ticks % VIEWER_PROGRESS_TICKS == 0);
            if (viewersChanged) {
                viewersChanged = false;
                broadcastNow(new LiveMessage.Viewers(clients.size()), true); // a class arriving: one count a tick, not one per page
            }
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

    /** The newest progress to the presenter's pages, and to the viewers' too when {@code viewersToo}. */
    private void flushProgress(boolean viewersToo) {
        BatchProgress p = pendingProgress.getAndSet(null);
        if (p != null) {
            lastProgress = p;
            viewerProgressDue = true;
        }
        if (p != null || (viewersToo && viewerProgressDue)) {
            boolean toViewers = viewersToo && viewerProgressDue;
            viewerProgressDue &= !toViewers;
            OutgoingText shared = new OutgoingText(LiveMessage.encode(new LiveMessage.Progress(lastProgress)));
            for (ClientChannel client : clients.values()) {
                if (client.canControl() ? p != null : toViewers) {
                    client.offer(shared, true);
                }
            }
        }
    }

    private void broadcastNow(LiveMessage message, boolean droppable) {
        OutgoingText shared = new OutgoingText(LiveMessage.encode(message)); // written and encoded once for everyone
        for (ClientChannel client : clients.values()) {
            client.offer(shared, droppable);
        }
    }

    private String snapshot(boolean canControl) {
        return LiveMessage.encode(new LiveMessage.Snapshot(canControl, runState(), List.copyOf(history),
                List.copyOf(imageEpochs), imageEpochs.isEmpty() ? null : latestImages(), lastProgress, clients.size(),
                presenterExplore, latentMap != null && latentMap.runId().equals(runId) ? latentMap : null, List.copyOf(changes)));
    }

    private RunState runState() {
        int epoch = history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
        return new RunState(state.name().toLowerCase(java.util.Locale.ROOT), runId, device, hyperparameters, epoch, outcome,
                RunLinks.of(runId), demo);
    }

    private LiveMessage.Images latestImages() {
        int epoch = imageEpochs.get(imageEpochs.size() - 1);
        return new LiveMessage.Images(runId, epoch, RunLinks.image(runId, epoch, "samples"),
                RunLinks.image(runId, epoch, "reconstructions"), RunLinks.epochFile(runId, epoch, RunLinks.DECODER_FILE));
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
