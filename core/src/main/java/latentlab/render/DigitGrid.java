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
        return encode(image(pixels, count, columns, 1));
    }

    /** The grid as an image, every pixel drawn as a {@code scale}×{@code scale} block (1–16). */
    public static BufferedImage image(float[] pixels, int count, int columns, int scale) {
        if (count <= 0 || columns <= 0 || pixels.length < count * SIDE * SIDE) {
            throw new IllegalArgumentException("need " + count + " digits of " + SIDE * SIDE + " pixels, got " + pixels.length + " values");
        }
        if (scale < 1 || scale > 16) {
            throw new IllegalArgumentException("scale must be 1-16, got " + scale);
        }
        int rows = (count + columns - 1) / columns;
        int cell = SIDE * scale;
        int gutter = GUTTER * scale;
        int width = columns * cell + (columns - 1) * gutter;
        int height = rows * cell + (rows - 1) * gutter;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        int[] block = new int[scale * scale];
        for (int d = 0; d < count; d++) {
            int left = (d % columns) * (cell + gutter);
            int top = (d / columns) * (cell + gutter);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    java.util.Arrays.fill(block, toByte(pixels[d * SIDE * SIDE + y * SIDE + x]));
                    raster.setPixels(left + x * scale, top + y * scale, scale, scale, block);
                }
            }
        }
        return image;
    }

    /**
     * One digit as 784 gray bytes (row-major, 0 black, 255 white): what the explorer sends for a slider
     * position, since a browser paints it straight onto a canvas and no PNG has to be encoded.
     */
    public static byte[] grayBytes(float[] pixels) {
        if (pixels.length != SIDE * SIDE) {
            throw new IllegalArgumentException("need " + SIDE * SIDE + " pixels, got " + pixels.length);
        }
        byte[] gray = new byte[SIDE * SIDE];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = (byte) toByte(pixels[i]);
        }
        return gray;
    }

    static int toByte(float value) {
        if (!(value > 0)) { // NaN and negatives draw black
            return 0;
        }
        return value >= 1 ? 255 : Math.round(value * 255);
    }

    public static byte[] encode(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
