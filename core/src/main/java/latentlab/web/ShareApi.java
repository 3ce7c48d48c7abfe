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

    /** The link the QR code carries: with a PIN, the join link's secret ({@link JoinGate#link()}), never the PIN. */
    static String joinUrl(String viewerUrl, JoinGate gate) {
        return gate.pinRequired() ? viewerUrl + "?join=" + URLEncoder.encode(gate.link(), StandardCharsets.UTF_8) : viewerUrl;
    }

    void share(Context ctx) {
        token.require(ctx);
        String viewers = viewerUrl.get();
        String join = joinUrl(viewers, gate);
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
