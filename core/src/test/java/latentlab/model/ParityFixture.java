package latentlab.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the fixture written by shared/bench/vae_reference.py --dump-check (raw little-endian float32). */
final class ParityFixture {
    static final String ROOT = "/parity/latent2/";

    final JsonNode meta;
    final int latent;

    ParityFixture() {
        try (InputStream in = ParityFixture.class.getResourceAsStream(ROOT + "meta.json")) {
            meta = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        latent = meta.get("latent").asInt();
    }

    float[] floats(String file) {
        try (InputStream in = ParityFixture.class.getResourceAsStream(ROOT + file + ".bin")) {
            if (in == null) {
                throw new IllegalArgumentException("fixture file missing: " + file);
            }
            ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All model parameters with a file prefix ("param_", "grad0_", "after3_"), by PyTorch name. */
    Map<String, float[]> parameters(String prefix) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (ParameterSpec spec : VaeArchitecture.parameters(latent)) {
            values.put(spec.name(), floats(prefix + spec.name()));
        }
        return values;
    }

    /** max |a − b| / max |b|: a norm-wise relative error that near-zero elements cannot blow up. */
    static double relativeError(float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            throw new AssertionError("length " + actual.length + " != " + expected.length);
        }
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < actual.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((double) actual[i] - expected[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        return maxRef == 0 ? maxDiff : maxDiff / maxRef;
    }

    static double maxAbsDiff(float[] actual, float[] expected) {
        double maxDiff = 0;
        for (int i = 0; i < actual.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((double) actual[i] - expected[i]));
        }
        return maxDiff;
    }
}
