package latentlab.explore;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import latentlab.model.StateDictFile;
import latentlab.train.RunDirectory;
import latentlab.train.WeightsSnapshot;

/**
 * Each epoch's resources for the browser, the same bytes for everyone (so any HTTP cache may keep them):
 * the decoder's weights, the whole model's weights, and the latent map's codes, each a safetensors file
 * with a content hash for its ETag. The live run's codes arrive from the latent map of each epoch; a
 * saved epoch's are computed once, on the latent map's background thread, and kept in its run folder.
 */
public final class EpochResources {
    static final int CACHED = 24;

    /** A resource's bytes and its strong ETag (a hash of the bytes, quoted). */
    public record Resource(byte[] bytes, String etag) {
        static Resource of(byte[] bytes) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
                return new Resource(bytes, "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22) + "\"");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Path models;
    private final LatentMapper mapper;
    private final Consumer<String> log;
    private final Map<String, Resource> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Resource> eldest) {
            return size() > CACHED;
        }
    };
    private final Map<String, CompletableFuture<Optional<Resource>>> computing = new ConcurrentHashMap<>();

    EpochResources(Path models, LatentMapper mapper, Consumer<String> log) {
        this.models = models;
        this.mapper = mapper;
        this.log = log;
    }

    public Path models() {
        return models;
    }

    /** The decoder's tensors of an epoch; empty when the run has no weights for it. */
    public Optional<Resource> decoder(String runId, int epoch) throws IOException {
        String key = "decoder/" + runId + "/" + epoch;
        Resource cached = cached(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        RunDirectory run = RunDirectory.open(models, runId);
        Optional<Map<String, float[]>> weights = run.epochWeights(epoch);
        if (weights.isEmpty()) {
            return Optional.empty();
        }
        Resource made = Resource.of(StateDictFile.writeDecoder(StateDictFile.latentOf(weights.get()), weights.get(),
                Map.of("format", "pt", "run", runId, "epoch", String.valueOf(epoch))));
        remember(key, made);
        return Optional.of(made);
    }

    /** The whole model's state dict of an epoch (to load into the course's PyTorch VAE); empty when there is none. */
    public Optional<Resource> weights(String runId, int epoch) throws IOException {
        Optional<Map<String, float[]>> weights = RunDirectory.open(models, runId).epochWeights(epoch);
        return weights.map(w -> Resource.of(StateDictFile.write(StateDictFile.latentOf(w), w,
                Map.of("format", "pt", "run", runId, "epoch", String.valueOf(epoch)))));
    }

    /**
     * The latent map's codes of an epoch: from memory, the run folder, or encoded now from the epoch's
     * weights (once, however many ask at the same time); empty when the run has no weights for it.
     */
    public CompletableFuture<Optional<Resource>> codes(String runId, int epoch) throws IOException {
        String key = "codes/" + runId + "/" + epoch;
        Resource cached = cached(key);
        if (cached != null) {
            return CompletableFuture.completedFuture(Optional.of(cached));
        }
        RunDirectory run = RunDirectory.open(models, runId);
        Optional<byte[]> saved = run.epochCodes(epoch);
        if (saved.isPresent()) {
            Resource resource = Resource.of(saved.get());
            remember(key, resource);
            return CompletableFuture.completedFuture(Optional.of(resource));
        }
        Optional<Map<String, float[]>> weights = run.epochWeights(epoch);
        if (weights.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        WeightsSnapshot snapshot = new WeightsSnapshot(runId, epoch, StateDictFile.latentOf(weights.get()), weights.get());
        return computing.computeIfAbsent(key, k -> mapper.mapSaved(snapshot)
                .thenApply(map -> Optional.of(keep(run, map)))
                .whenComplete((r, e) -> computing.remove(k)));
    }

    /** A new latent map of the live run: its codes are served from now on and kept in the run folder. */
    void mapped(LatentMap map) {
        try {
            keep(RunDirectory.open(models, map.runId()), map);
        } catch (RuntimeException e) {
            log.accept("warning: could not keep the codes of run " + map.runId() + " epoch " + map.epoch() + ": " + e.getMessage());
        }
    }

    /** New weights for an epoch (a resumed run may train an epoch again): what was made from older ones goes. */
    void weightsChanged(String runId, int epoch) {
        synchronized (cache) {
            cache.remove("decoder/" + runId + "/" + epoch);
            cache.remove("codes/" + runId + "/" + epoch);
        }
    }

    private Resource keep(RunDirectory run, LatentMap map) {
        Resource resource = Resource.of(LatentMapFile.write(map));
        remember("codes/" + map.runId() + "/" + map.epoch(), resource);
        try {
            run.saveEpochCodes(map.epoch(), resource.bytes());
        } catch (IOException e) {
            log.accept("warning: could not save the codes of run " + run.id() + " epoch " + map.epoch() + ": " + e.getMessage());
        }
        return resource;
    }

    private Resource cached(String key) {
        synchronized (cache) {
            return cache.get(key);
        }
    }

    private void remember(String key, Resource resource) {
        synchronized (cache) {
            cache.put(key, resource);
        }
    }
}
