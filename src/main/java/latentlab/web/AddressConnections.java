package latentlab.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Open WebSocket connections per remote address and in all, against the caps in {@link Limits}. */
final class AddressConnections {
    private final Limits limits;
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    AddressConnections(Limits limits) {
        this.limits = limits;
    }

    /** Why a new connection from this address would be refused, or null when it may open. */
    String refusal(String address) {
        if (total.get() >= limits.maxConnections()) {
            return "the server has its maximum of " + limits.maxConnections() + " connections; try again later";
        }
        if (perAddress.getOrDefault(address, 0) >= limits.connectionsPerAddress()) {
            return "too many connections from " + address + " (at most " + limits.connectionsPerAddress() + ")";
        }
        return null;
    }

    void opened(String address) {
        perAddress.merge(address, 1, Integer::sum);
        total.incrementAndGet();
    }

    void closed(String address) {
        perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
    }

    int total() {
        return total.get();
    }
}
