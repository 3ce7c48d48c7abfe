package latentlab.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One simulated student: counts what arrives and records each message's delay. It reads every frame
 * whole but parses only what it checks (type, sentAt, epoch, that the pictures are PNG data), so the
 * measuring clients, which share this machine with the server, cost as little as they can.
 */
public final class SoakViewer implements Session.Listener.AutoDemanding {
    private static final com.fasterxml.jackson.core.JsonFactory FACTORY = new com.fasterxml.jackson.core.JsonFactory();
    final Set<Integer> epochs = new ConcurrentSkipListSet<>();
    final Set<Integer> images = new ConcurrentSkipListSet<>();
    final SoakStats stats;
    private final org.eclipse.jetty.client.HttpClient http;
    private final String base;
    volatile boolean finished; // the bench is over: closes from here on are ours
    volatile int closeCode = -1;
    volatile String failure;

    /** {@code http} fetches the pictures an images message links to, as a browser would, from {@code base}. */
    SoakViewer(SoakStats stats, org.eclipse.jetty.client.HttpClient http, String base) {
        this.stats = stats;
        this.http = http;
        this.base = base;
    }

    @Override
    public void onWebSocketText(String message) {
        try {
            read(message, System.currentTimeMillis());
        } catch (Exception e) {
            stats.badMessages.incrementAndGet();
        }
    }

    private void read(String text, long now) throws java.io.IOException {
        String type = null;
        long sentAt = now;
        int epoch = -1;
        String samples = null;
        String reconstructions = null;
        try (com.fasterxml.jackson.core.JsonParser p = FACTORY.createParser(text)) {
            p.nextToken();
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "type" -> type = p.getText();
                    case "sentAt" -> sentAt = p.getLongValue();
                    case "epoch" -> epoch = p.getIntValue();
                    case "samples" -> samples = p.getText();
                    case "reconstructions" -> reconstructions = p.getText();
                    case "metrics" -> {
                        while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                            String inner = p.currentName();
                            p.nextToken();
                            if (inner.equals("epoch")) {
                                epoch = p.getIntValue();
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        stats.messages.incrementAndGet();
        long delay = now - sentAt;
        if ("epoch".equals(type)) {
            epochs.add(epoch);
            stats.record(stats.broadcast, delay);
        } else if ("images".equals(type) && samples != null && reconstructions != null) {
            stats.record(stats.broadcast, delay);
            fetchPictures(epoch, sentAt, samples, reconstructions);
        } else if ("progress".equals(type)) {
            stats.record(stats.progress, delay);
        }
    }

    /** The epoch's pictures count as received once both PNGs have arrived whole. */
    private void fetchPictures(int epoch, long sentAt, String... links) {
        java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger(links.length);
        for (String link : links) {
            new org.eclipse.jetty.client.CompletableResponseListener(http.newRequest(base + link), 1 << 20).send()
                    .whenComplete((response, error) -> {
                        if (error != null || response.getStatus() != 200 || !isPng(response.getContent())) {
                            stats.failedFetches.incrementAndGet();
                            failure = link + ": " + (error != null ? error : "HTTP " + response.getStatus());
                        } else if (pending.decrementAndGet() == 0) {
                            images.add(epoch);
                            stats.record(stats.pictures, System.currentTimeMillis() - sentAt);
                        }
                    });
        }
    }

    private static boolean isPng(byte[] bytes) {
        return bytes.length > 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
        if (!finished) {
            closeCode = code;
        }
    }

    @Override
    public void onWebSocketError(Throwable error) {
        if (!finished) {
            closeCode = 1006; // closed abnormally
            failure = String.valueOf(error);
        }
    }
}
