package latentlab.explore;

import latentlab.data.Mnist;

/**
 * Makes a drawing look like an MNIST digit, as MNIST's own preparation did: crop to the ink, scale the
 * longer side to 20 pixels keeping the aspect ratio, and place it in a 28×28 field so that its centre
 * of mass sits at the centre.
 */
public final class DrawnDigit {
    private DrawnDigit() {}

    /** {@code pixels}: a square drawing, side × side, values in [0,1] (1 = ink). Returns 784 values. */
    public static float[] toMnist(float[] pixels, int side) {
        int top = side;
        int bottom = -1;
        int left = side;
        int right = -1;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                if (pixels[y * side + x] > 0.05f) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        float[] out = new float[Mnist.PIXELS];
        if (bottom < 0) {
            return out; // blank
        }
        int h = bottom - top + 1;
        int w = right - left + 1;
        double scale = 20.0 / Math.max(h, w);
        int sh = Math.max(1, (int) Math.round(h * scale));
        int sw = Math.max(1, (int) Math.round(w * scale));
        float[] box = new float[sh * sw];
        for (int y = 0; y < sh; y++) {       // area-average resampling of the crop into sh × sw
            for (int x = 0; x < sw; x++) {
                double y0 = top + y / scale;
                double y1 = top + (y + 1) / scale;
                double x0 = left + x / scale;
                double x1 = left + (x + 1) / scale;
                double sum = 0;
                double area = 0;
                for (int yy = (int) Math.floor(y0); yy < Math.ceil(y1) && yy <= bottom; yy++) {
                    double wy = Math.min(y1, yy + 1) - Math.max(y0, yy);
                    for (int xx = (int) Math.floor(x0); xx < Math.ceil(x1) && xx <= right; xx++) {
                        double wx = Math.min(x1, xx + 1) - Math.max(x0, xx);
                        sum += pixels[yy * side + xx] * wy * wx;
                        area += wy * wx;
                    }
                }
                box[y * sw + x] = area > 0 ? (float) (sum / area) : 0f;
            }
        }
        double mass = 0;
        double cy = 0;
        double cx = 0;
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                double v = box[y * sw + x];
                mass += v;
                cy += v * y;
                cx += v * x;
            }
        }
        int offY = (int) Math.round(Mnist.SIDE / 2.0 - (mass > 0 ? cy / mass : sh / 2.0) - 0.5);
        int offX = (int) Math.round(Mnist.SIDE / 2.0 - (mass > 0 ? cx / mass : sw / 2.0) - 0.5);
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                int ty = y + offY;
                int tx = x + offX;
                if (ty >= 0 && ty < Mnist.SIDE && tx >= 0 && tx < Mnist.SIDE) {
                    out[ty * Mnist.SIDE + tx] = Math.min(1f, Math.max(0f, box[y * sw + x]));
                }
            }
        }
        return out;
    }
}
