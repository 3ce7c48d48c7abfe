package latentlab.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import latentlab.explore.Explorer;
import latentlab.json.InvalidFieldException;
import latentlab.json.Json;
import latentlab.json.JsonFields;
import latentlab.live.ClientChannel;
import latentlab.live.FrameSink;
import latentlab.live.LiveHub;
import latentlab.live.LiveMessage;
import latentlab.live.OutgoingText;
import latentlab.render.DigitGrid;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * The {@code /ws} endpoint: checks the Origin before the upgrade, turns each session into a bounded
 * {@link ClientChannel} on the hub, and answers the few messages a browser may send: {@code hello}
 * (with the token: become the presenter), {@code ping}, {@code decode} (a slider position) and, from the
 * presenter, {@code explore}. Anything else gets an {@code error} message back; nothing a client sends
 * can break the socket or the server.
 */
final class LiveSocket {
    static final int MAX_INBOUND_CHARS = 4096;
    private final LiveHub hub;
    private final Explorer explorer;
    private static final String ADDRESS = "latentlab.address";
    private static final String PRESENTER = "latentlab.presenter";
    private final PresenterToken token;
    private final Set<String> allowedOrigins;
    private final JoinGate gate;
    private final AddressConnections connections;
    private final int messagesPerSecond;
    private final KeyedRateLimiter messages;

    /** One open socket: its channel on the hub, where it comes from, when it was last told to slow down. */
    private record Connection(ClientChannel channel, String address, AtomicLong lastWarned, AtomicBoolean gone) {}

    private final Map<String, Connection> open = new ConcurrentHashMap<>();

    LiveSocket(LiveHub hub, Explorer explorer, PresenterToken token, Set<String> allowedOrigins,
               JoinGate gate, AddressConnections connections, int messagesPerSecond) {
        this.hub = hub;
        this.explorer = explorer;
        this.token = token;
        this.allowedOrigins = allowedOrigins;
        this.gate = gate;
        this.connections = connections;
        this.messagesPerSecond = messagesPerSecond;
        this.messages = new KeyedRateLimiter(messagesPerSecond, java.time.Duration.ofSeconds(1));
    }

    /**
     * Before the upgrade: the Origin must be this server's own (or allowed; browsers always send it), the
     * join PIN's pass must be there when the class has a PIN, and the address must be under its cap.
     */
    void beforeUpgrade(Context ctx) {
        String malformed = malformedHandshake(ctx);
        if (malformed != null) {
            throw new ApiException(400, "not a WebSocket handshake: " + malformed);
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin, ctx.header("Host")) && !allowedOrigins.contains(origin)) {
            throw new ApiException(403, "WebSocket origin " + origin + " is not allowed");
        }
        if (!gate.admits(ctx)) {
            throw new ApiException(401, "this class needs the join PIN: open the dashboard and enter it");
        }
        String refusal = connections.reserve(ctx.ip()); // last: nothing after it can refuse and leave it reserved
        if (refusal != null) {
            throw new ApiException(429, refusal);
        }
        ctx.attribute(ADDRESS, ctx.ip());
        ctx.attribute(PRESENTER, token.hasPresenterCookie(ctx)); // the Origin was checked above
    }

    /**
     * What RFC 6455 requires of the opening handshake and Jetty would refuse after our checks (so after a
     * connection slot was reserved, and as a 500): a GET, {@code Upgrade: websocket}, version 13 and a key
     * of 16 bytes in base64. Null when the handshake is well formed.
     */
    static String malformedHandshake(Context ctx) {
        if (!"GET".equals(ctx.req().getMethod())) {
            return "the method must be GET";
        }
        String upgrade = ctx.header("Upgrade");
        if (upgrade == null || !upgrade.trim().equalsIgnoreCase("websocket")) {
            return "the Upgrade header must be \"websocket\"";
        }
        String connection = ctx.header("Connection");
        if (connection == null || java.util.Arrays.stream(connection.split(",")).noneMatch(t -> t.trim().equalsIgnoreCase("upgrade"))) {
            return "the Connection header must name \"Upgrade\"";
        }
        if (!"13".equals(trimmed(ctx.header("Sec-WebSocket-Version")))) {
            return "Sec-WebSocket-Version must be 13";
        }
        String key = trimmed(ctx.header("Sec-WebSocket-Key"));
        try {
            if (key == null || Base64.getDecoder().decode(key).length != 16) {
                return "Sec-WebSocket-Key must be 16 bytes in base64";
            }
        } catch (IllegalArgumentException e) {
            return "Sec-WebSocket-Key must be 16 bytes in base64";
        }
        return null;
    }

    private static String trimmed(String header) {
        return header == null ? null : header.trim();
    }

    static boolean sameOrigin(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            String authority = uri.getAuthority();
            return host != null && authority != null && authority.equalsIgnoreCase(host)
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            ctx.session.setMaxTextMessageSize(MAX_INBOUND_CHARS);
            ctx.enableAutomaticPings();
            AtomicBoolean gone = new AtomicBoolean();
            ClientChannel channel = new ClientChannel(ctx.sessionId(), sink(ctx, gone));
            String address = ctx.attribute(ADDRESS);
            connections.opened(address);
            open.put(ctx.sessionId(), new Connection(channel, address, new AtomicLong(), gone));
            hub.connect(channel);
            if (Boolean.TRUE.equals(ctx.attribute(PRESENTER))) {
                hub.grantControl(channel); // the presenter's page, known by its cookie: no token in the page
            }
        });
        ws.onMessage(ctx -> {
            Connection connection = open.get(ctx.sessionId());
            if (connection != null && withinRate(connection, ctx.sessionId())) {
                handle(connection.channel(), ctx.message());
            }
        });
        ws.onBinaryMessage(ctx -> {
            Connection connection = open.get(ctx.sessionId());
            if (connection != null && withinRate(connection, ctx.sessionId())) {
                hub.reply(connection.channel(), new LiveMessage.Error("binary messages are not accepted; send JSON text"));
            }
        });
        ws.onClose(ctx -> forget(ctx.sessionId()));
        ws.onError(ctx -> forget(ctx.sessionId()));
    }

    private void forget(String sessionId) {
        Connection connection = open.remove(sessionId);
        if (connection != null) {
            connection.gone().set(true);
            connections.closed(connection.address());
            messages.forget(sessionId);
        }
        explorer.forget(sessionId); // a slider position still waiting is drawn for nobody
        hub.disconnect(sessionId);
    }

    /** Messages over the per-connection rate are dropped; the client hears why at most once a second. */
    private boolean withinRate(Connection connection, String sessionId) {
        if (messages.tryTake(sessionId) == 0) {
            return true;
        }
        long now = System.currentTimeMillis();
        long last = connection.lastWarned().get();
        if (now - last >= 1_000 && connection.lastWarned().compareAndSet(last, now)) {
            hub.reply(connection.channel(), new LiveMessage.Error("too many messages: at most " + messagesPerSecond
                    + " per second; the extra ones were dropped"));
        }
        return false;
    }

    private void handle(ClientChannel channel, String text) {
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            hub.reply(channel, new LiveMessage.Error("message is not valid JSON"));
            return;
        }
        String type = message != null && message.isObject() ? message.path("type").asText("") : "";
        switch (type) {
            case "hello" -> {
                String offered = message.path("token").asText(null);
                if (offered == null || offered.isEmpty()) {
                    return; // a viewer saying hello: nothing to do
                }
                if (token.matches(offered)) {
                    hub.grantControl(channel);
                } else {
                    hub.reply(channel, new LiveMessage.Error("the presenter token is wrong; you are a viewer"));
                }
            }
            case "ping" -> hub.reply(channel, new LiveMessage.Pong());
            case "resync" -> hub.resync(channel);
            case "decode" -> decode(channel, message);
            case "explore" -> {
                if (!channel.canControl()) {
                    hub.reply(channel, new LiveMessage.Error("only the presenter's explorer can be followed"));
                } else if (!message.path("state").isObject()) {
                    hub.reply(channel, new LiveMessage.Error("explore needs a state object"));
                } else {
                    hub.presenterExplored(message.get("state"));
                }
            }
            default -> hub.reply(channel, new LiveMessage.Error("unknown message type \"" + truncate(type)
                    + "\" (hello, ping, resync, decode, explore)"));
        }
    }

    /** A slider position to draw: coalesced per client (latest wins), batched with everyone else's. */
    private void decode(ClientChannel channel, JsonNode message) {
        long id = message.path("id").asLong(0);
        int latent = explorer.latent();
        if (latent == 0) {
            hub.reply(channel, new LiveMessage.Error("nothing to explore yet: no model has been trained"));
            return;
        }
        float[] code;
        try {
            code = JsonFields.vector(message, "z", latent, Explorer.Z_LIMIT);
        } catch (InvalidFieldException e) {
            hub.reply(channel, new LiveMessage.Error("decode: " + e.getMessage()));
            return;
        }
        explorer.decode(channel.id(), code).whenComplete((pixels, failure) -> {
            if (pixels == null) {
                if (failure != null) {
                    hub.reply(channel, new LiveMessage.Error("decode failed: " + latentlab.train.ServerPaths.hidden(failure.getMessage(), null)));
                }
                return; // superseded by a newer position from the same client
            }
            String gray = Base64.getEncoder().encodeToString(DigitGrid.grayBytes(pixels));
            hub.reply(channel, new LiveMessage.Decoded(id, explorer.epoch(), gray));
        });
    }

    private static String truncate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /**
     * Jetty's own {@code isOpen()} is false until {@code onConnect} has returned, and the hub may send
     * the snapshot before that: asking it dropped one viewer in a few hundred, silently. The socket's
     * close and error events say when it is really gone.
     */
    private static FrameSink sink(WsContext ctx, AtomicBoolean gone) {
        return new FrameSink() {
            @Override
            public void send(OutgoingText text, java.util.function.Consumer<Throwable> done) {
                org.eclipse.jetty.util.Callback callback = org.eclipse.jetty.util.Callback.from(
                        () -> done.accept(null), done::accept);
                if (ctx.session instanceof WebSocketSession jetty) { // the bytes encoded once, shared by all
                    jetty.getCoreSession().sendFrame(new Frame(OpCode.TEXT, true, text.utf8()), callback, false);
                } else {
                    ctx.session.sendText(text.text(), Callback.from(() -> done.accept(null), done::accept));
                }
            }

            @Override
            public void close(int code, String reason) {
                ctx.closeSession(code, reason);
            }

            @Override
            public boolean isOpen() {
                return !gone.get();
            }
        };
    }
}
