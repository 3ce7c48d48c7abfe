package latentlab.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import latentlab.json.Json;

/**
 * The safetensors format (the Hugging Face format PyTorch users load with {@code safetensors.torch.load_file}):
 * an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and byte range
 * (plus a {@code __metadata__} map of strings), padded with spaces to a multiple of 8, then the tensors'
 * bytes, little-endian, in the header's order. Only the two dtypes Latent Lab writes are read: F32 and U8.
 * docs/api.md shows the layout of the files the server serves.
 */
public final class Safetensors {
    /** A header larger than this is refused before it is read (ours are under 2 KB). */
    static final int MAX_HEADER = 1 << 20;

    /** One tensor: float32 values or unsigned bytes, row-major, with its shape. */
    public record Tensor(long[] shape, float[] floats, byte[] bytes) {
        public static Tensor f32(float[] values, long... shape) {
            require(values.length, shape);
            return new Tensor(shape, values, null);
        }

        public static Tensor u8(byte[] values, long... shape) {
            require(values.length, shape);
            return new Tensor(shape, null, values);
        }

        String dtype() {
            return floats != null ? "F32" : "U8";
        }

        int byteLength() {
            return floats != null ? floats.length * Float.BYTES : bytes.length;
        }

        private static void require(int length, long[] shape) {
            if (Arrays.stream(shape).reduce(1, Math::multiplyExact) != length) {
                throw new IllegalArgumentException(length + " values do not fill shape " + Arrays.toString(shape));
            }
        }
    }

    /** The file's tensors in order, and its metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    private Safetensors() {}

    public static byte[] write(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = Json.object();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (var entry : tensors.entrySet()) {
            Tensor t = entry.getValue();
            ObjectNode node = header.putObject(entry.getKey());
            node.put("dtype", t.dtype());
            ArrayNode shape = node.putArray("shape");
            for (long s : t.shape()) {
                shape.add(s);
            }
            node.putArray("data_offsets").add(offset).add(offset + t.byteLength());
            offset += t.byteLength();
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Tensor t : tensors.values()) {
            if (t.floats() != null) {
                out.asFloatBuffer().put(t.floats());
                out.position(out.position() + t.byteLength());
            } else {
                out.put(t.bytes());
            }
        }
        return out.array();
    }

    /** Reads a whole file; anything that is not a well-formed F32/U8 safetensors file is an IOException naming why. */
    public static Contents read(byte[] file) throws IOException {
        if (file.length < 8) {
            throw new IOException("not a safetensors file: " + file.length + " bytes, shorter than its header length");
        }
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = in.getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > file.length - 8) {
            throw new IOException("not a safetensors file: header length " + headerLength + " in a file of " + file.length + " bytes");
        }
        JsonNode header;
        try {
            header = Json.MAPPER.readTree(new String(file, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("not a safetensors file: its header is not JSON", e);
        }
        if (header == null || !header.isObject()) {
            throw new IOException("not a safetensors file: its header is not a JSON object");
        }
        long dataStart = 8 + headerLength;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            var entry = it.next();
            if (entry.getKey().equals("__metadata__")) {
                entry.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            tensors.put(entry.getKey(), tensor(entry.getKey(), entry.getValue(), file, dataStart));
        }
        return new Contents(tensors, metadata);
    }

    private static Tensor tensor(String name, JsonNode node, byte[] file, long dataStart) throws IOException {
        String dtype = node.path("dtype").asText();
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new IOException("tensor " + name + ": needs a shape and two data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new IOException("tensor " + name + ": shape " + shapeNode + " is not a list of sizes");
            }
            count = Math.multiplyExact(count, shape[i]);
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        int width = switch (dtype) {
            case "F32" -> Float.BYTES;
            case "U8" -> 1;
            default -> throw new IOException("tensor " + name + ": dtype " + dtype + " is not one Latent Lab reads (F32, U8)");
        };
        if (begin < 0 || end < begin || dataStart + end > file.length || end - begin != count * width) {
            throw new IOException("tensor " + name + ": bytes " + begin + ".." + end + " do not hold its "
                    + count + " values or lie outside the file");
        }
        ByteBuffer data = ByteBuffer.wrap(file, (int) (dataStart + begin), (int) (end - begin)).slice().order(ByteOrder.LITTLE_ENDIAN);
        if (width == 1) {
            byte[] bytes = new byte[(int) count];
            data.get(bytes);
            return new Tensor(shape, null, bytes);
        }
        float[] floats = new float[(int) count];
        data.asFloatBuffer().get(floats);
        return new Tensor(shape, floats, null);
    }
}
