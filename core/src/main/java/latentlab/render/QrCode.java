package latentlab.render;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/** A QR code (ZXing) of a link, drawn as SVG for the dashboard and as text blocks for a terminal. */
public final class QrCode {
    private static final int QUIET_ZONE = 2;
    private final BitMatrix modules;

    private QrCode(BitMatrix modules) {
        this.modules = modules;
    }

    public static QrCode of(String text) {
        try {
            return new QrCode(new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.MARGIN, QUIET_ZONE, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M)));
        } catch (WriterException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot make a QR code of " + text + ": " + e.getMessage(), e);
        }
    }

    /** Modules across, quiet zone included. */
    public int size() {
        return modules.getWidth();
    }

    public boolean dark(int x, int y) {
        return modules.get(x, y);
    }

    /** Black modules on white, one unit per module; scales to any size without blurring. */
    public String svg() {
        int n = size();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if (modules.get(x, y)) {
                    path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + " " + n + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }

    /**
     * Two module rows per text line with half blocks, black on an explicit white background (ANSI), so
     * phones read it from a dark or a light terminal alike.
     */
    public String terminal() {
        int n = size();
        StringBuilder out = new StringBuilder();
        for (int y = 0; y < n; y += 2) {
            out.append("\u001b[30;47m");
            for (int x = 0; x < n; x++) {
                boolean top = modules.get(x, y);
                boolean bottom = y + 1 < n && modules.get(x, y + 1);
                out.append(top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ');
            }
            out.append("\u001b[0m\n");
        }
        return out.toString();
    }
}
