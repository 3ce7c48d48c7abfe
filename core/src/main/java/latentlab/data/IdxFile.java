package latentlab.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the raw IDX files MNIST ships in, checking every header field against the file's size. */
public final class IdxFile {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxFile() {}

    /** Images as unsigned bytes, row-major, {@code count × rows × cols}. */
    public record Images(byte[] pixels, int count, int rows, int cols) {
        public int pixelsPerImage() {
            return rows * cols;
        }
    }

    public static Images readImages(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer header = header(file, bytes, 16);
        int magic = header.getInt();
        int count = header.getInt();
        int rows = header.getInt();
        int cols = header.getInt();
        if (magic != IMAGES_MAGIC) {
            throw new MnistDataException(file + " is not an IDX image file (magic 0x"
                    + Integer.toHexString(magic) + ", expected 0x803)");
        }
        if (count <= 0 || rows != Mnist.SIDE || cols != Mnist.SIDE) {
            throw new MnistDataException(file + " has " + count + " images of " + rows + "×" + cols
                    + "; expected 28×28 images");
        }
        long expected = 16L + (long) count * rows * cols;
        checkLength(file, bytes.length, expected);
        byte[] pixels = new byte[count * rows * cols];
        System.arraycopy(bytes, 16, pixels, 0, pixels.length);
        return new Images(pixels, count, rows, cols);
    }

    public static byte[] readLabels(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer header = header(file, bytes, 8);
        int magic = header.getInt();
        int count = header.getInt();
        if (magic != LABELS_MAGIC) {
            throw new MnistDataException(file + " is not an IDX label file (magic 0x"
                    + Integer.toHexString(magic) + ", expected 0x801)");
        }
        checkLength(file, bytes.length, 8L + count);
        byte[] labels = new byte[count];
        System.arraycopy(bytes, 8, labels, 0, count);
        for (int i = 0; i < count; i++) {
            if (labels[i] < 0 || labels[i] > 9) {
                throw new MnistDataException(file + " has label " + labels[i] + " at index " + i
                        + "; labels must be digits 0-9");
            }
        }
        return labels;
    }

    private static ByteBuffer header(Path file, byte[] bytes, int size) {
        if (bytes.length < size) {
            throw new MnistDataException(file + " is truncated: " + bytes.length
                    + " bytes, shorter than its " + size + "-byte IDX header");
        }
        return ByteBuffer.wrap(bytes, 0, size); // IDX is big-endian, ByteBuffer's default
    }

    private static void checkLength(Path file, long actual, long expected) {
        if (actual != expected) {
            throw new MnistDataException(file + " is " + (actual < expected ? "truncated" : "too long")
                    + ": " + actual + " bytes where its header promises " + expected);
        }
    }
}
