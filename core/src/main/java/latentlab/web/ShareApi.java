package latentlab.web;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import latentlab.json.Json;
import latentlab.render.QrCode;

/**
 * GET /api/share, for the presenter's share panel: the viewer link, the join link (with the PIN, for the
 * QR code on the projector), the PIN, the QR code as SVG and how many pages are connected. Never the
 * presenter token: the panel shows only what the class may see.
 */
final class ShareApi {
    private final PresenterToken token;
    private final JoinGate gate;
    private final Supplier<String> viewerUrl;
    private final boolean loopbackOnly;
    private final IntSupplier connected;

    ShareApi(PresenterToken token, JoinGate gate, Supplier<String> viewerUrl, boolean loopbackOnly, IntSupplier connected) {
        this.token = token;
        this.gate = gate;
        this.viewerUrl = viewerUrl;
        this.loopbackOnly = loopbackOnly;
        this.connected = connected;
    }

    /** The link a QR code carries: with the PIN when there is one, so a scan joins at once. */
    static String joinUrl(String viewerUrl, String pin) {
        return pin == null ? viewerUrl : viewerUrl + "?pin=" + URLEncoder.encode(pin, StandardCharsets.UTF_8);
    }

    void share(Context ctx) {
        token.require(ctx);
        String viewers = viewerUrl.get();
        String join = joinUrl(viewers, gate.pin());
        var body = Json.object()
                .put("viewerUrl", viewers)
                .put("joinUrl", join)
                .put("pinRequired", gate.pinRequired())
                .put("pin", gate.pin())
                .put("loopbackOnly", loopbackOnly)
                .put("connected", connected.getAsInt())
                .put("qrSvg", QrCode.of(join).svg());
        Http.json(ctx, 200, body);
    }
}
