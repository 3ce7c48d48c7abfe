package latentlab.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import latentlab.json.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises before a request reaches our routes (a malformed address such as
 * {@code %00} or {@code %zz}, bad UTF-8) in the same JSON as the API's own errors — and, for a 400, says
 * {@code Connection: close}. Jetty closes the connection after such a request anyway but did not say so;
 * a keep-alive client then sent its next request down the closing connection and got no answer at all.
 */
final class JettyErrorAnswer extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        int status = response.getStatus();
        Object reason = request.getAttribute(ERROR_MESSAGE);
        String message = "HTTP " + status + (reason == null ? "" : " " + reason)
                + (status == 400 ? ": the server could not read this request (a malformed address, header or encoding)" : "");
        if (status == 400) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        FrontDoor.protect(response.getHeaders()); // an error answer may have lost them with the rest of its headers
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        byte[] body = Json.object().put("error", message).toString().getBytes(StandardCharsets.UTF_8);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
