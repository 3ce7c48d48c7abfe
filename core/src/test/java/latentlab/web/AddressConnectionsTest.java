package latentlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AddressConnectionsTest {
    private final AtomicLong now = new AtomicLong();
    private final AddressConnections connections = new AddressConnections(new Limits(20, 60, 3, 5), now::get);

    @Test
    void aBurstOfHandshakesCannotPassTheCheckBeforeAnyIsCounted() {
        for (int i = 0; i < 3; i++) {
            assertNull(connections.reserve("10.0.0.1")); // none of them has opened yet
        }
        String refusal = connections.reserve("10.0.0.1");
        assertNotNull(refusal);
        assertTrue(refusal.contains("at most 3"), refusal);
        assertNull(connections.reserve("10.0.0.2"), "another address has its own cap");
    }

    @Test
    void openingClaimsTheReservationAndClosingFreesTheSlot() {
        for (int i = 0; i < 3; i++) {
            assertNull(connections.reserve("10.0.0.1"));
            connections.opened("10.0.0.1");
        }
        assertEquals(3, connections.total());
        assertNotNull(connections.reserve("10.0.0.1"));
        connections.closed("10.0.0.1");
        assertEquals(2, connections.total());
        assertNull(connections.reserve("10.0.0.1"));
    }

    @Test
    void aReservationThatNeverOpensLapses() {
        for (int i = 0; i < 3; i++) {
            assertNull(connections.reserve("10.0.0.1")); // handshakes that then fail: no open, no close
        }
        assertNotNull(connections.reserve("10.0.0.1"));
        now.addAndGet(AddressConnections.RESERVATION_NANOS - 1);
        assertNotNull(connections.reserve("10.0.0.1"), "not yet lapsed");
        now.addAndGet(1);
        assertNull(connections.reserve("10.0.0.1"), "lapsed reservations free their slots");
        assertEquals(0, connections.total());
    }

    @Test
    void theServerWideCapCountsReservationsToo() {
        for (int i = 0; i < 5; i++) {
            assertNull(connections.reserve("10.0.1." + i));
        }
        String refusal = connections.reserve("10.0.2.1");
        assertNotNull(refusal);
        assertTrue(refusal.contains("maximum of 5"), refusal);
    }

    @Test
    void aCloseWithoutAnOpenChangesNothing() {
        connections.closed("10.0.0.9");
        assertEquals(0, connections.total());
        assertNull(connections.reserve("10.0.0.9"));
    }
}
