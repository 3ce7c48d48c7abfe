package latentlab.explore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import latentlab.data.Mnist;
import latentlab.train.RunDirectory;
import latentlab.train.TrainingListener;
import latentlab.train.WeightsSnapshot;

/**
 * Decodes and encodes for everyone on the latest published weights (a frozen copy: the explorer never
 * touches the training model). Decodes and encodes happen on one "explorer" thread (the latent map of each
 * epoch on a background one of its own, {@link LatentMapper}). Slider traffic is
 * coalesced per client — a newer request replaces one still waiting — and all waiting decodes are run as
 * one batch: one forward pass of 50 costs far less than 50 of one.
 */
public final class Explorer implements TrainingListener, AutoCloseable {
    /** The largest magnitude of a latent code's values that the explorer decodes (the prior lives within ±4). */
    public static final double Z_LIMIT = 10;
    static final int MAX_BATCH = 256;
    /**
     * API requests (strips, grids, encodes) waiting for the explorer at most; more are refused at once
     * (503 with Retry-After) rather than queued. Unbounded, a flood of grids kept hundreds of Jetty's
     * threads waiting up to 30 s each, until none was left for {@code /api/status}.
     */
    public static final int MAX_WAITING = 16;
    /** Every grid side of a model and epoch fits: a flood that cycles through the sides draws each once. */
    private static final int MANIFOLDS_KEPT = ManifoldGrid.MAX_SIDE - ManifoldGrid.MIN_SIDE + 1;

    private final TestDigits testDigits;
    private final Path models;
    private final Consumer<String> log;
    private final Map<String, LatentSpace> savedRuns = new LinkedHashMap<>(); // explorer thread only
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "explorer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, DecodeRequest> waiting = new LinkedHashMap<>();
    private final java.util.concurrent.Semaphore apiSlots = new java.util.concurrent.Semaphore(MAX_WAITING);
    private final Map<String, byte[]> manifolds = new LinkedHashMap<>(); // explorer thread only; oldest first
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final LatentMapper mapper;
    private final EpochResources resources;
    private volatile LatentSpace space;

    public Explorer(Mnist data, Path models, Consumer<String> log) {
        this.testDigits = new TestDigits(data);
        this.models = models;
        this.log = log;
        this.mapper = new LatentMapper(data, log);
        this.resources = new EpochResources(models, mapper, log);
        mapper.onMap(resources::mapped); // first: the codes are served before anyone hears of the map
        // started here, not on the first weights the training thread publishes: a thread inherits its
        // creator's priority, and the training thread's is lowered (latentlab.train.BackgroundPriority)
        thread.prestartAllCoreThreads();
    }

    /** Each epoch's decoder, weights and codes, as files for the browser. */
    public EpochResources resources() {
        return resources;
    }

    public TestDigits testDigits() {
        return testDigits;
    }

    /** Called with each new latent map (after every epoch), on the latent-map thread. */
    public void onMap(Consumer<LatentMap> listener) {
        mapper.onMap(listener);
    }

    public int latent() {
        LatentSpace s = space;
        return s == null ? 0 : s.latent();
    }

    public int epoch() {
        LatentSpace s = space;
        return s == null ? -1 : s.epoch();
    }

    /** Whether the live model is run {@code runId}'s. */
    public boolean shows(String runId) {
        LatentSpace s = space;
        return s != null && runId.equals(s.runId());
    }

    public LatentMap map() {
        return mapper.map();
    }

    @Override
    public void weightsPublished(WeightsSnapshot snapshot) {
        resources.weightsChanged(snapshot.runId(), snapshot.epoch());
        thread.execute(() -> {
            LatentSpace next = new LatentSpace(snapshot);
            LatentSpace old = space;
            space = next;
            if (old != null) {
                old.close();
            }
        });
        mapper.submit(snapshot);
    }

    /**
     * Decodes one latent code; {@code client} coalesces: if that client's previous request has not
     * started yet, it is dropped (its future completes with null) in favour of this one.
     */
    public CompletableFuture<float[]> decode(String client, float[] z) {
        DecodeRequest request = new DecodeRequest(z, new CompletableFuture<>());
        synchronized (waiting) {
            DecodeRequest replaced = waiting.put(client == null ? "anon-" + System.nanoTime() + "-" + z.hashCode() : client, request);
            if (replaced != null) {
                replaced.result().complete(null);
            }
        }
        if (drainScheduled.compareAndSet(false, true)) {
            thread.execute(this::drain);
        }
        return request.result();
    }

    /** A socket has closed: its slider position still waiting is not decoded. */
    public void forget(String client) {
        DecodeRequest dropped;
        synchronized (waiting) {
            dropped = waiting.remove(client);
        }
        if (dropped != null) {
            dropped.result().complete(null);
        }
    }

    /** Decodes several codes at once (an interpolation strip); {@code runId} null: the live model. */
    public CompletableFuture<float[]> decodeAll(String runId, float[] z, int count) {
        return submit(() -> spaceFor(runId).decode(z, count));
    }

    /**
     * The grid of digits decoded from {@code codes} ({@code side}² of them), drawn by {@code draw}: one
     * picture per model and epoch, so it is decoded and drawn once and then served to everyone.
     */
    public CompletableFuture<byte[]> manifold(String runId, int side, float[] codes, java.util.function.Function<float[], byte[]> draw) {
        return submit(() -> {
            LatentSpace s = spaceFor(runId);
            String key = s.runId() + "/" + s.epoch() + "/" + side;
            byte[] picture = manifolds.remove(key);
            if (picture == null) {
                picture = draw.apply(s.decode(codes, side * side));
            }
            manifolds.put(key, picture);
            while (manifolds.size() > MANIFOLDS_KEPT) {
                manifolds.remove(manifolds.keySet().iterator().next());
            }
            return picture;
        });
    }

    /** Encodes images (784 pixels each in [0,1]) → {mu, logvar}. */
    public CompletableFuture<float[][]> encode(String runId, float[] pixels, int count) {
        return submit(() -> spaceFor(runId).encode(pixels, count));
    }

    /** The latent dimension of the model {@code runId} (null: live) — runs on the explorer thread. */
    public CompletableFuture<Integer> latentOf(String runId) {
        return submit(() -> spaceFor(runId).latent());
    }

    /**
     * One API request's work on the explorer thread, if fewer than {@link #MAX_WAITING} wait (else it fails
     * at once with {@link ExplorerBusyException}). Work whose caller has given up (cancelled the future)
     * by the time its turn comes is skipped.
     */
    private <T> CompletableFuture<T> submit(java.util.function.Supplier<T> work) {
        if (!apiSlots.tryAcquire()) {
            return CompletableFuture.failedFuture(new ExplorerBusyException("the explorer is busy (" + MAX_WAITING
                    + " requests waiting); try again in a second"));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    if (!result.isDone()) {
                        result.complete(work.get());
                    }
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                } finally {
                    apiSlots.release();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) { // closed
            apiSlots.release();
            result.completeExceptionally(new ExplorerBusyException("the explorer has shut down"));
        }
        return result;
    }

    private LatentSpace requireSpace() {
        LatentSpace s = space;
        if (s == null) {
            throw new NoModelException("no model yet: start a training run first");
        }
        return s;
    }

    /** The live model, or a saved run's best checkpoint (the last two opened stay loaded). */
    private LatentSpace spaceFor(String runId) {
        LatentSpace live = space;
        if (runId == null || live != null && runId.equals(live.runId())) {
            return requireSpace();
        }
        if (!java.nio.file.Files.isDirectory(models.resolve(runId))) {
            savedRuns.remove(runId); // deleted since it was opened
            throw new latentlab.train.UnknownRunException(runId, models);
        }
        LatentSpace cached = savedRuns.remove(runId);
        if (cached == null) {
            try {
                cached = new LatentSpace(RunDirectory.open(models, runId).bestWeights(w -> log.accept("warning: " + w))
                        .orElseThrow(() -> new NoModelException("run " + runId + " has no checkpoint yet")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        savedRuns.put(runId, cached);
        while (savedRuns.size() > 2) {
            var eldest = savedRuns.entrySet().iterator().next();
            eldest.getValue().close();
            savedRuns.remove(eldest.getKey());
        }
        return cached;
    }

    private void drain() {
        drainScheduled.set(false);
        List<DecodeRequest> batch = new ArrayList<>();
        synchronized (waiting) {
            var it = waiting.values().iterator();
            while (it.hasNext() && batch.size() < MAX_BATCH) {
                batch.add(it.next());
                it.remove();
            }
            if (!waiting.isEmpty() && drainScheduled.compareAndSet(false, true)) {
                thread.execute(this::drain);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            LatentSpace s = requireSpace();
            int latent = s.latent();
            float[] z = new float[batch.size() * latent];
            for (int i = 0; i < batch.size(); i++) {
                float[] code = batch.get(i).z();
                if (code.length != latent) {
                    throw new IllegalArgumentException("z needs " + latent + " values, got " + code.length);
                }
                System.arraycopy(code, 0, z, i * latent, latent);
            }
            float[] pixels = s.decode(z, batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(Arrays.copyOfRange(pixels, i * Mnist.PIXELS, (i + 1) * Mnist.PIXELS));
            }
        } catch (RuntimeException e) {
            batch.forEach(r -> r.result().completeExceptionally(e));
        }
    }

    private record DecodeRequest(float[] z, CompletableFuture<float[]> result) {}

    @Override
    public void close() {
        mapper.close();
        thread.shutdownNow();
        LatentSpace s = space;
        if (s != null) {
            s.close();
        }
    }
}
