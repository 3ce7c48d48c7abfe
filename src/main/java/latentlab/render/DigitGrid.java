package latentlab.render;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Lays 28×28 digits (pixels in [0,1], image-major) out in a grid with a thin gutter and encodes it as a
 * grayscale PNG: white digits on black, as MNIST draws them.
 */
public final class DigitGrid {
    public static final int SIDE = 28;
    private static final int GUTTER = 2;

    private DigitGrid() {}

    public static byte[] png(float[] pixels, int count, int columns) {
        if (count <= 0 || columns <= 0 || pixels.length < count * SIDE * SIDE) {
            throw new IllegalArgumentException("need " + count + " digits of 784 pixels, got " + pixels.length + " values");
        }
        int rows = (count + columns - 1) / columns;
        int width = columns * SIDE + (columns - 1) * GUTTER;
        int height = rows * SIDE + (rows - 1) * GUTTER;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        int[] row = new int[SIDE];
        for (int d = 0; d < count; d++) {
            int left = (d % columns) * (SIDE + GUTTER);
            int top = (d / columns) * (SIDE + GUTTER);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    row[x] = toByte(pixels[d * SIDE * SIDE + y * SIDE + x]);
                }
                raster.setPixels(left, top + y, SIDE, 1, row);
            }
        }
        return encode(image);
    }

    static int toByte(float value) {
        if (!(value > 0)) { // NaN and negatives draw black
            return 0;
        }
        return value >= 1 ? 255 : Math.round(value * 255);
    }

    static byte[] encode(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
