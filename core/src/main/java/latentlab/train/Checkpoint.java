package latentlab.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import latentlab.json.Json;

/**
 * Everything needed to continue a run exactly after an epoch: weights and Adam moments by name, the
 * optimiser's step count, the settings and the whole metrics history (so the history survives a crash
 * between writing the checkpoint and appending to metrics.jsonl). On disk: a magic line, a JSON header,
 * the float32 tensors, and a CRC-32 of all of it, so a truncated or damaged file is detected, not used.
 */
public record Checkpoint(int epoch, long adamSteps, Hyperparameters hyperparameters, List<EpochMetrics> history,
                         Map<String, float[]> tensors) {
    private static final byte[] MAGIC = "LATENTLAB-CHECKPOINT 1\n".getBytes(StandardCharsets.US_ASCII);

    public byte[] toBytes() {
        try {
            ObjectNode header = Json.MAPPER.createObjectNode();
            header.put("epoch", epoch);
            header.put("adamSteps", adamSteps);
            header.set("hyperparameters", Json.MAPPER.valueToTree(hyperparameters));
            header.set("history", Json.MAPPER.valueToTree(history));
            ArrayNode index = header.putArray("tensors");
            tensors.forEach((name, values) -> index.addArray().add(name).add(values.length));
            byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(headerBytes.length);
            out.write(headerBytes);
            for (float[] values : tensors.values()) {
                ByteBuffer buffer = ByteBuffer.allocate(values.length * 4);
                buffer.asFloatBuffer().put(values);
                out.write(buffer.array());
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e); // in-memory streams do not fail
        }
    }

    /** Parses a checkpoint; any damage throws {@link CorruptCheckpointException} saying what is wrong. */
    public static Checkpoint fromBytes(byte[] data, String name) {
        if (data.length < MAGIC.length + 12
                || !Arrays.equals(Arrays.copyOf(data, MAGIC.length), MAGIC)) {
            throw new CorruptCheckpointException(name, "is not a Latent Lab checkpoint (bad header or empty)");
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 8);
        long stored = ByteBuffer.wrap(data, data.length - 8, 8).getLong();
        if (crc.getValue() != stored) {
            throw new CorruptCheckpointException(name, "fails its CRC-32 check (truncated or damaged)");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(data, MAGIC.length, data.length - MAGIC.length - 8);
            byte[] headerBytes = new byte[in.getInt()];
            in.get(headerBytes);
            JsonNode header = Json.MAPPER.readTree(new String(headerBytes, StandardCharsets.UTF_8));
            Hyperparameters hyperparameters = Hyperparameters.fromJson(header.get("hyperparameters").toString());
            List<EpochMetrics> history = new ArrayList<>();
            for (JsonNode m : header.get("history")) {
                history.add(Json.MAPPER.treeToValue(m, EpochMetrics.class));
            }
            Map<String, float[]> tensors = new LinkedHashMap<>();
            for (JsonNode entry : header.get("tensors")) {
                float[] values = new float[entry.get(1).asInt()];
                in.asFloatBuffer().get(values);
                in.position(in.position() + values.length * 4);
                tensors.put(entry.get(0).asText(), values);
            }
            if (in.hasRemaining()) {
                throw new CorruptCheckpointException(name, "has " + in.remaining() + " unexpected trailing bytes");
            }
            return new Checkpoint(header.get("epoch").asInt(), header.get("adamSteps").asLong(), hyperparameters,
                    history, tensors);
        } catch (CorruptCheckpointException e) {
            throw e;
        } catch (Exception e) {
            throw new CorruptCheckpointException(name, "cannot be read: " + e.getMessage());
        }
    }

    /** The weights as a snapshot to explore. */
    public WeightsSnapshot snapshot(String runId) {
        return new WeightsSnapshot(runId, epoch, hyperparameters.latentDim(), weights());
    }

    /** The weights only (Adam moments dropped), for exploring a saved run. */
    public Map<String, float[]> weights() {
        Map<String, float[]> weights = new LinkedHashMap<>();
        tensors.forEach((name, values) -> {
            if (!name.startsWith("adam_")) {
                weights.put(name, values);
            }
        });
        return weights;
    }
}
