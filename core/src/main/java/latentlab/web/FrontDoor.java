package latentlab.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import latentlab.json.Json;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The first thing every request meets, before Javalin: the protective headers on every answer; a
 * {@code Host} this server does not answer to refused (DNS rebinding: a page at {@code evil.example}
 * resolved to 127.0.0.1 would otherwise read the class's state); and {@code X-HTTP-Method-Override}
 * refused (Javalin would otherwise route a GET carrying it as the method it names, so a link could start
 * a run).
 */
final class FrontDoor extends Handler.Wrapper {
    /** Scripts, styles, pictures and sockets from this server only; never inside another page's frame. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
            + "style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-fA-F:.]+(%[0-9A-Za-z._~-]+)?]");

    private final Set<String> names;

    /** {@code names}: the host names (not addresses) this server answers to, lower case. */
    FrontDoor(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    /** The headers every answer carries, the errors Jetty itself writes included. */
    static void protect(HttpFields.Mutable headers) {
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Frame-Options", "DENY");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        protect(response.getHeaders());
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host != null && !answersTo(host)) {
            refuse(response, callback, 421, "this server does not answer to the host name \"" + printable(host)
                    + "\": open it by its address, localhost, or the name given with --public-url");
            return true;
        }
        if (request.getHeaders().contains("X-HTTP-Method-Override")) {
            refuse(response, callback, 400, "X-HTTP-Method-Override is not accepted: send the request with the method itself");
            return true;
        }
        return super.handle(request, response, callback);
    }

    /**
     * An address literal can be answered: a DNS rebinding page cannot make the browser send one it does
     * not itself have as its origin. A name must be one of ours.
     */
    boolean answersTo(String hostHeader) {
        String host = withoutPort(hostHeader.trim()).toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return IPV4.matcher(host).matches() || IPV6.matcher(host).matches() || names.contains(host);
    }

    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close < 0 ? host : host.substring(0, close + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String printable(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** A JSON refusal written before Javalin: the connection closes after it. */
    static void refuse(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        byte[] body = Json.object().put("error", message).toString().getBytes(StandardCharsets.UTF_8);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
