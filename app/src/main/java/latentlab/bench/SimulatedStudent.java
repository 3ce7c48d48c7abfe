package latentlab.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.util.Queue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.websocket.api.Session;

/** One of {@link SimulatedStudents}: a socket's messages, and the fetches an epoch's messages lead to (public: Jetty 12 calls listeners through a public lookup). */
public final class SimulatedStudent implements Session.Listener.AutoDemanding {
    private static final JsonFactory JSON = new JsonFactory();
    private final HttpClient http;
    private final String base;
    private final AtomicLong bytes;
    private final Queue<Double> holds;
    private final ScheduledExecutorService clock;
    private final long spreadMillis;

    /** {@code spreadMillis}: the window over which the page spreads its fetches after an epoch (explorer.js's spreadOut). */
    SimulatedStudent(HttpClient http, String base, AtomicLong bytes, Queue<Double> holds, ScheduledExecutorService clock, long spreadMillis) {
        this.http = http;
        this.base = base;
        this.bytes = bytes;
        this.holds = holds;
        this.clock = clock;
        this.spreadMillis = spreadMillis;
    }

    @Override
    public void onWebSocketText(String message) {
        bytes.addAndGet(message.length());
        if (!message.startsWith("{\"type\":\"images\"") && !message.startsWith("{\"type\":\"latentMap\"")) {
            return;
        }
        boolean images = message.startsWith("{\"type\":\"images\"");
        long sentAt = System.currentTimeMillis();
        String link = null;
        try (JsonParser p = JSON.createParser(message)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("sentAt")) {
                    sentAt = p.getLongValue();
                } else if (field.equals(images ? "decoder" : "codes")) {
                    link = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (java.io.IOException e) {
            return; // a message the bench does not understand is not a student's business
        }
        if (link != null) {
            String file = link;
            long epochEnd = sentAt;
            long wait = spreadMillis < 20 ? 0 : ThreadLocalRandom.current().nextLong(spreadMillis);
            clock.schedule(() -> fetch(file, images, epochEnd), wait, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onWebSocketError(Throwable error) {
        // the bench closes every socket at its end; a student's socket failing earlier shows as a missing hold
    }

    private void fetch(String link, boolean images, long epochEnd) {
        AtomicLong length = new AtomicLong();
        http.newRequest(base + link)
                .onResponseContent((response, content) -> length.addAndGet(content.remaining()))
                .send((Response.CompleteListener) result -> {
                    bytes.addAndGet(length.get());
                    if (images && !result.isFailed() && result.getResponse().getStatus() == 200) {
                        holds.add((double) (System.currentTimeMillis() - epochEnd));
                    }
                });
    }
}
