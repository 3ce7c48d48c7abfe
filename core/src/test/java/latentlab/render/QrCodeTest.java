package latentlab.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

/** The viewer link's QR code reads back as the link, from the modules and from the terminal drawing. */
class QrCodeTest {
    private static final String LINK = "http://192.168.1.23:7070/?pin=482913";

    @Test
    void theCodeReadsBackAsTheLink() throws Exception {
        QrCode qr = QrCode.of(LINK);
        assertEquals(LINK, read(qr.size(), qr::dark));
    }

    @Test
    void theTerminalDrawingHoldsTheSameModules() throws Exception {
        QrCode qr = QrCode.of(LINK);
        String[] lines = qr.terminal().split("\n");
        int n = qr.size();
        assertEquals((n + 1) / 2, lines.length);
        boolean[][] modules = new boolean[n][n];
        for (int row = 0; row < lines.length; row++) {
            String text = lines[row].replace("\u001b[30;47m", "").replace("\u001b[0m", "");
            assertEquals(n, text.length(), "one character per module column");
            for (int x = 0; x < n; x++) {
                char c = text.charAt(x);
                modules[2 * row][x] = c == '█' || c == '▀';
                if (2 * row + 1 < n) {
                    modules[2 * row + 1][x] = c == '█' || c == '▄';
                }
            }
        }
        assertEquals(LINK, read(n, (x, y) -> modules[y][x]));
    }

    @Test
    void theSvgHasOneSquarePerDarkModule() {
        QrCode qr = QrCode.of(LINK);
        int dark = 0;
        for (int y = 0; y < qr.size(); y++) {
            for (int x = 0; x < qr.size(); x++) {
                dark += qr.dark(x, y) ? 1 : 0;
            }
        }
        String svg = qr.svg();
        assertTrue(svg.startsWith("<svg") && svg.contains("viewBox=\"0 0 " + qr.size() + " " + qr.size() + "\""));
        assertEquals(dark, svg.split("h1v1h-1z", -1).length - 1);
    }

    interface Modules {
        boolean dark(int x, int y);
    }

    /** Draws the modules at 4 px each and decodes them with ZXing's reader. */
    private static String read(int n, Modules modules) throws Exception {
        int scale = 4;
        int side = n * scale;
        int[] argb = new int[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                argb[y * side + x] = modules.dark(x / scale, y / scale) ? 0xFF000000 : 0xFFFFFFFF;
            }
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(side, side, argb)));
        return new QRCodeReader().decode(bitmap).getText();
    }
}
