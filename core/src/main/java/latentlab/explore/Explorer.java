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

    /** Decodes several codes at once (an interpolation strip, a manifold grid); {@code runId} null: the live model. */
    public CompletableFuture<float[]> decodeAll(String runId, float[] z, int count) {
        return CompletableFuture.supplyAsync(() -> spaceFor(runId).decode(z, count), thread);
    }

    /** Encodes images (784 pixels each in [0,1]) → {mu, logvar}. */
    public CompletableFuture<float[][]> encode(String runId, float[] pixels, int count) {
        return CompletableFuture.supplyAsync(() -> spaceFor(runId).encode(pixels, count), thread);
    }

    /** The latent dimension of the model {@code runId} (null: live) — runs on the explorer thread. */
    public CompletableFuture<Integer> latentOf(String runId) {
        return CompletableFuture.supplyAsync(() -> spaceFor(runId).latent(), thread);
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
