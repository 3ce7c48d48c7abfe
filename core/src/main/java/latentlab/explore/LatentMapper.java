package latentlab.explore;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import latentlab.data.IdxFile;
import latentlab.data.Mnist;
import latentlab.train.BackgroundPriority;
import latentlab.train.WeightsSnapshot;

/**
 * Encodes the 10,000 test digits with each new epoch's weights into the latent map, on a thread of its
 * own at background priority with its own copy of the model. The map is wanted a second after the epoch,
 * not at once: run at normal priority on the explorer's thread, its two cores' worth of work landed at the
 * very moment the epoch's messages went out to every viewer and doubled their p99 delay (bench --soak),
 * and slider decodes waited behind it. Only the newest weights are mapped; older ones still waiting are
 * skipped, and a map in progress stops when newer weights arrive.
 */
final class LatentMapper implements AutoCloseable {
    static final int CHUNK = 500;

    private final Mnist data;
    private final Consumer<String> log;
    private final List<Consumer<LatentMap>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<WeightsSnapshot> newest = new AtomicReference<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "latent-map");
        t.setDaemon(true);
        return t;
    });
    private volatile LatentMap map;

    LatentMapper(Mnist data, Consumer<String> log) {
        this.data = data;
        this.log = log;
        thread.execute(BackgroundPriority::lowerCurrentThread); // PyTorch's threads for this one inherit it
    }

    void onMap(Consumer<LatentMap> listener) {
        listeners.add(listener);
    }

    LatentMap map() {
        return map;
    }

    /** Maps these weights when the thread is free, unless newer ones arrive first. */
    void submit(WeightsSnapshot snapshot) {
        newest.set(snapshot);
        thread.execute(() -> {
            if (newest.get() == snapshot) {
                mapOrAbandon(snapshot);
            }
        });
    }

    private void mapOrAbandon(WeightsSnapshot snapshot) {
        try (LatentSpace space = new LatentSpace(snapshot)) {
            LatentMap fresh = encodeAll(space, snapshot, () -> newest.get() != snapshot);
            if (fresh == null) {
                return; // newer weights: their map is next
            }
            map = fresh;
            listeners.forEach(l -> l.accept(fresh));
        } catch (RuntimeException e) {
            log.accept("latent map failed: " + e.getMessage());
        }
    }

    /** Maps a saved epoch's weights on this thread (behind the live map, at the same background priority). */
    CompletableFuture<LatentMap> mapSaved(WeightsSnapshot snapshot) {
        return CompletableFuture.supplyAsync(() -> {
            try (LatentSpace space = new LatentSpace(snapshot)) {
                return encodeAll(space, snapshot, () -> false);
            }
        }, thread);
    }

    /** Every test digit's mu and logvar; null if {@code abandon} says so between chunks. */
    private LatentMap encodeAll(LatentSpace space, WeightsSnapshot snapshot, BooleanSupplier abandon) {
        IdxFile.Images test = data.testImages();
        int latent = space.latent();
        float[] mu = new float[test.count() * latent];
        float[] logvar = new float[test.count() * latent];
        for (int start = 0; start < test.count(); start += CHUNK) {
            if (abandon.getAsBoolean()) {
                return null;
            }
            int n = Math.min(CHUNK, test.count() - start);
            float[][] codes = space.encode(Mnist.scaled(test, start, n), n);
            System.arraycopy(codes[0], 0, mu, start * latent, n * latent);
            System.arraycopy(codes[1], 0, logvar, start * latent, n * latent);
        }
        return LatentMap.of(snapshot.runId(), snapshot.epoch(), latent, mu, logvar, data.testLabels());
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
