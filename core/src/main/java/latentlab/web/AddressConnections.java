package latentlab.web;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Open WebSocket connections per remote address and in all, against the caps in {@link Limits}. A slot
 * is reserved when the upgrade is checked, so a burst of simultaneous handshakes from one address cannot
 * all pass the check before any of them is counted; the socket claims its reservation when it opens. A
 * reservation never claimed (the handshake failed after the check) lapses after {@link #RESERVATION_NANOS}.
 */
final class AddressConnections {
    static final long RESERVATION_NANOS = 10_000_000_000L;

    private final Limits limits;
    private final LongSupplier nanoClock;
    private final Map<String, Integer> open = new HashMap<>();
    private final Map<String, ArrayDeque<Long>> reserved = new HashMap<>(); // lapse times, oldest first
    private int openTotal;
    private int reservedTotal;

    AddressConnections(Limits limits) {
        this(limits, System::nanoTime);
    }

    AddressConnections(Limits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
    }

    /** Reserves a slot for a connection from this address; returns why it is refused, or null when reserved. */
    synchronized String reserve(String address) {
        lapse();
        if (openTotal + reservedTotal >= limits.maxConnections()) {
            return "the server has its maximum of " + limits.maxConnections() + " connections; try again later";
        }
        ArrayDeque<Long> pending = reserved.get(address);
        int fromAddress = open.getOrDefault(address, 0) + (pending == null ? 0 : pending.size());
        if (fromAddress >= limits.connectionsPerAddress()) {
            return "too many connections from " + address + " (at most " + limits.connectionsPerAddress() + ")";
        }
        reserved.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(nanoClock.getAsLong() + RESERVATION_NANOS);
        reservedTotal++;
        return null;
    }

    /** The socket opened: it takes its address's oldest reservation (if it has not lapsed) and counts as open. */
    synchronized void opened(String address) {
        ArrayDeque<Long> pending = reserved.get(address);
        if (pending != null) {
            pending.pollFirst();
            reservedTotal--;
            if (pending.isEmpty()) {
                reserved.remove(address);
            }
        }
        open.merge(address, 1, Integer::sum);
        openTotal++;
    }

    synchronized void closed(String address) {
        Integer count = open.get(address);
        if (count == null) {
            return;
        }
        if (count <= 1) {
            open.remove(address);
        } else {
            open.put(address, count - 1);
        }
        openTotal--;
    }

    synchronized int total() {
        return openTotal;
    }

    private void lapse() {
        long now = nanoClock.getAsLong();
        var addresses = reserved.values().iterator();
        while (addresses.hasNext()) {
            ArrayDeque<Long> pending = addresses.next();
            while (!pending.isEmpty() && pending.peekFirst() - now <= 0) {
                pending.pollFirst();
                reservedTotal--;
            }
            if (pending.isEmpty()) {
                addresses.remove();
            }
        }
    }
}
