package latentlab.live;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import latentlab.train.BatchProgress;
import latentlab.train.EpochMetrics;

/**
 * Every message the server sends a browser over the socket, one record each; {@link #encode} writes them,
 * in this one place, as {@code {"type": …, "sentAt": <server ms>, …the record's fields}}. To add a message:
 * a record here with its type, a row in docs/api.md, a case in the page's store (web/js/store.js).
 */
public sealed interface LiveMessage {
    /** The JSON {@code type} the browser switches on. */
    String type();

    /** The whole state at once: on connect, when a run starts, after a valid hello. */
    record Snapshot(boolean canControl, @JsonUnwrapped RunState run, List<EpochMetrics> history,
                    List<Integer> imageEpochs, Images images, BatchProgress progress, int viewers,
                    JsonNode presenterExplore, LatentMapReady latentMap, List<latentlab.train.TuningChange> changes) implements LiveMessage {
        public String type() {
            return "snapshot";
        }
    }

    /** β or the learning rate changed while the run trains, from the batch each change names. */
    record Tuned(String runId, List<latentlab.train.TuningChange> changes) implements LiveMessage {
        public String type() {
            return "tuned";
        }
    }

    /** The run's state changed (started, paused, stopped, ended). */
    record State(@JsonUnwrapped RunState run) implements LiveMessage {
        public String type() {
            return "state";
        }
    }

    /** The latest batch, at most five times a second. */
    record Progress(@JsonUnwrapped BatchProgress progress) implements LiveMessage {
        public String type() {
            return "progress";
        }
    }

    /** An epoch's metrics. */
    record Epoch(EpochMetrics metrics) implements LiveMessage {
        public String type() {
            return "epoch";
        }
    }

    /**
     * An epoch's pictures, as links to the PNGs, and the link to its decoder's weights (all on disk before
     * this goes out): each browser decodes with them from now on.
     */
    record Images(String runId, int epoch, String samples, String reconstructions, String decoder) implements LiveMessage {
        public String type() {
            return "images";
        }
    }

    /** How many pages are connected. */
    record Viewers(int count) implements LiveMessage {
        public String type() {
            return "viewers";
        }
    }

    /**
     * The latent map of these weights is ready: the codes of the test digits at {@code codes} (and as JSON
     * at GET /api/latent-map), the decoder of the same epoch at {@code decoder}, the manifold picture at
     * {@code manifold} (latent 2 only, else null).
     */
    record LatentMapReady(String runId, int epoch, String codes, String decoder, String manifold) implements LiveMessage {
        public static LatentMapReady of(String runId, int epoch, int latent) {
            return new LatentMapReady(runId, epoch, RunLinks.epochFile(runId, epoch, RunLinks.CODES_FILE),
                    RunLinks.epochFile(runId, epoch, RunLinks.DECODER_FILE), latent == 2 ? RunLinks.manifold(runId, epoch) : null);
        }


        public String type() {
            return "latentMap";
        }
    }

    /** What the presenter is exploring (slider position, interpolation ends), for followers. */
    record PresenterExplore(JsonNode state) implements LiveMessage {
        public String type() {
            return "presenterExplore";
        }
    }

    /** A slider position decoded: 784 gray bytes (row-major, 0 black, 255 white) in base64. */
    record Decoded(long id, int epoch, String pixels) implements LiveMessage {
        public String type() {
            return "decoded";
        }
    }

    /** A message from this client could not be taken; the socket stays up. */
    record Error(String message) implements LiveMessage {
        public String type() {
            return "error";
        }
    }

    /** The answer to a ping. */
    record Pong() implements LiveMessage {
        public String type() {
            return "pong";
        }
    }

    /** The JSON text of a message, stamped with the server's clock so delivery delays can be measured. */
    static String encode(LiveMessage message) {
        var node = latentlab.json.Json.object();
        node.put("type", message.type());
        node.put("sentAt", System.currentTimeMillis());
        node.setAll((com.fasterxml.jackson.databind.node.ObjectNode) latentlab.json.Json.tree(message));
        return node.toString();
    }
}
