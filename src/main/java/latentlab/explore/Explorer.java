package latentlab.explore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import latentlab.data.IdxFile;
import latentlab.data.Mnist;
import latentlab.train.TrainingListener;
import latentlab.train.WeightsSnapshot;

/**
 * Decodes and encodes for everyone on the latest published weights (a frozen copy: the explorer never
 * touches the training model). All model work happens on one "explorer" thread. Slider traffic is
 * coalesced per client — a newer request replaces one still waiting — and all waiting decodes are run as
 * one batch: one forward pass of 50 costs far less than 50 of one.
 */
public final class Explorer implements TrainingListener, AutoCloseable {
    static final int MAX_BATCH = 256;

    private final Mnist data;
    private final Consumer<String> log;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "explorer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, DecodeRequest> waiting = new LinkedHashMap<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final List<Consumer<LatentMap>> mapListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile LatentSpace space;
    private volatile LatentMap map;

    public Explorer(Mnist data, Consumer<String> log) {
        this.data = data;
        this.log = log;
    }

    /** Called with each new latent map (after every epoch), on the explorer thread. */
    public void onMap(Consumer<LatentMap> listener) {
        mapListeners.add(listener);
    }

    public boolean ready() {
        return space != null;
    }

    public int latent() {
        LatentSpace s = space;
        return s == null ? 0 : s.latent();
    }

    public String runId() {
        LatentSpace s = space;
        return s == null ? null : s.runId();
    }

    public int epoch() {
        LatentSpace s = space;
        return s == null ? -1 : s.epoch();
    }

    public LatentMap map() {
        return map;
    }

    @Override
    public void weightsPublished(WeightsSnapshot snapshot) {
        thread.execute(() -> {
            LatentSpace next = new LatentSpace(snapshot);
            LatentSpace old = space;
            space = next;
            if (old != null) {
                old.close();
            }
            try {
                LatentMap fresh = encodeTestSet(next);
                map = fresh;
                mapListeners.forEach(l -> l.accept(fresh));
            } catch (RuntimeException e) {
                log.accept("latent map failed: " + e.getMessage());
            }
        });
    }

    private LatentMap encodeTestSet(LatentSpace s) {
        IdxFile.Images test = data.testImages();
        int count = test.count();
        int latent = s.latent();
        float[] mu = new float[count * latent];
        int batch = 1000;
        byte[] pixels = test.pixels();
        for (int start = 0; start < count; start += batch) {
            int n = Math.min(batch, count - start);
            float[] x = new float[n * 784];
            for (int i = 0; i < x.length; i++) {
                x[i] = (pixels[start * 784 + i] & 0xff) / 255f;
            }
            float[] m = s.encode(x, n)[0];
            System.arraycopy(m, 0, mu, start * latent, m.length);
        }
        return LatentMap.of(s.runId(), s.epoch(), latent, mu, data.testLabels());
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

    /** Decodes several codes at once (an interpolation strip, a manifold grid). */
    public CompletableFuture<float[]> decodeAll(float[] z, int count) {
        return CompletableFuture.supplyAsync(() -> requireSpace().decode(z, count), thread);
    }

    /** Encodes images (784 pixels each in [0,1]) → {mu, logvar}. */
    public CompletableFuture<float[][]> encode(float[] pixels, int count) {
        return CompletableFuture.supplyAsync(() -> requireSpace().encode(pixels, count), thread);
    }

    private LatentSpace requireSpace() {
        LatentSpace s = space;
        if (s == null) {
            throw new IllegalStateException("no model yet: start a training run (or load a saved one)");
        }
        return s;
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
                batch.get(i).result().complete(java.util.Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784));
            }
        } catch (RuntimeException e) {
            batch.forEach(r -> r.result().completeExceptionally(e));
        }
    }

    private record DecodeRequest(float[] z, CompletableFuture<float[]> result) {}

    @Override
    public void close() {
        thread.shutdownNow();
        LatentSpace s = space;
        if (s != null) {
            s.close();
        }
    }
}
