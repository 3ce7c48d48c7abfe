package latentlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader accepts well-formed files and names the file and the fault in every other case. */
class IdxFileTest {
    @TempDir
    Path dir;

    private Path write(String name, int magic, int count, int rows, int cols, int payload) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + payload);
        b.putInt(magic).putInt(count);
        if (magic == IdxFile.IMAGES_MAGIC) {
            b.putInt(rows).putInt(cols);
        }
        for (int i = 0; i < payload; i++) {
            b.put((byte) (i % 251));
        }
        Path file = dir.resolve(name);
        Files.write(file, java.util.Arrays.copyOf(b.array(), magic == IdxFile.IMAGES_MAGIC ? 16 + payload : 8 + payload));
        return file;
    }

    @Test
    void readsWellFormedImagesAndLabels() throws IOException {
        IdxFile.Images images = IdxFile.readImages(write("imgs", IdxFile.IMAGES_MAGIC, 2, 28, 28, 2 * 784));
        assertEquals(2, images.count());
        assertEquals(784, images.pixelsPerImage());
        assertEquals((byte) 5, images.pixels()[5]);
        Path labels = dir.resolve("labels");
        Files.write(labels, new byte[] {0, 0, 8, 1, 0, 0, 0, 3, 7, 0, 9});
        assertArrayEquals(new byte[] {7, 0, 9}, IdxFile.readLabels(labels));
    }

    @Test
    void rejectsWrongMagicNamingTheFile() throws IOException {
        Path file = write("imgs", IdxFile.LABELS_MAGIC, 2, 28, 28, 2 * 784);
        MnistDataException e = assertThrows(MnistDataException.class, () -> IdxFile.readImages(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void rejectsTruncatedAndOversizedFiles() throws IOException {
        Path truncated = write("short", IdxFile.IMAGES_MAGIC, 3, 28, 28, 2 * 784);
        assertTrue(assertThrows(MnistDataException.class, () -> IdxFile.readImages(truncated))
                .getMessage().contains("short"));
        Path longer = write("long", IdxFile.IMAGES_MAGIC, 1, 28, 28, 2 * 784);
        assertThrows(MnistDataException.class, () -> IdxFile.readImages(longer));
    }

    @Test
    void rejectsImagesThatAreNot28By28() throws IOException {
        Path file = write("small", IdxFile.IMAGES_MAGIC, 1, 14, 14, 196);
        assertThrows(MnistDataException.class, () -> IdxFile.readImages(file));
    }

    @Test
    void rejectsLabelsOutsideZeroToNine() throws IOException {
        Path labels = dir.resolve("labels");
        Files.write(labels, new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 3, 10});
        assertThrows(MnistDataException.class, () -> IdxFile.readLabels(labels));
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty"));
        assertThrows(MnistDataException.class, () -> IdxFile.readImages(empty));
        assertThrows(MnistDataException.class, () -> IdxFile.readLabels(empty));
    }
}
