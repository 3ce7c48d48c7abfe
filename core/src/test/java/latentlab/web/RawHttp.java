package latentlab.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 by hand over a socket, for what the JDK's client will not send (an Upgrade without its key, a
 * Host of our choosing, a body that never comes) or from a loopback address of our choosing (127.0.0.x).
 */
final class RawHttp {
    private RawHttp() {}

    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Sends {@code head} (request line and headers, without the blank line) and {@code body}; reads one answer. */
    static Answer exchange(int port, String from, String head, String body) throws IOException {
        try (Socket socket = open(port, from)) {
            socket.setSoTimeout(20_000);
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String lengthHeader = body == null ? "" : "Content-Length: " + bytes.length + "\r\n";
            String close = head.toLowerCase(Locale.ROOT).contains("\r\nconnection:") ? "" : "Connection: close\r\n";
            socket.getOutputStream().write((head + "\r\n" + lengthHeader + close + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    static Socket open(int port, String from) throws IOException {
        Socket socket = new Socket();
        if (from != null) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        }
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        return socket;
    }

    /** One answer: status line, headers, then Content-Length bytes (or up to the close). */
    static Answer read(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before a whole answer: " + head);
            }
            head.append((char) b);
        }
        String[] lines = head.toString().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = headers.get("content-length");
        if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length)));
        } else if (status != 101) {
            in.transferTo(body);
        }
        return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    /** A WebSocket upgrade's request head, with whatever extra headers (already "Name: value" lines). */
    static String upgrade(int port, String... extra) {
        StringBuilder head = new StringBuilder("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13");
        for (String line : extra) {
            head.append("\r\n").append(line);
        }
        return head.toString();
    }
}
