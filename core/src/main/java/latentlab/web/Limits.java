package latentlab.web;

/**
 * What one client may ask of the server. Explore requests are counted per address (a browser opens
 * several connections), WebSocket messages per connection, connections per address and in all.
 * Behind one NAT a whole class shares an address: raise {@code requestsPerSecond} and
 * {@code connectionsPerAddress} there (serve --requests-per-second, --connections-per-address).
 */
public record Limits(int requestsPerSecond, int messagesPerSecond, int connectionsPerAddress, int maxConnections) {
    /** A slider sends at most one message per animation frame; a page opens one socket. */
    public static final Limits DEFAULT = new Limits(20, 60, 50, 2_000);

    public Limits {
        require(requestsPerSecond, 1, 100_000, "requests per second");
        require(messagesPerSecond, 1, 100_000, "messages per second");
        require(connectionsPerAddress, 1, 100_000, "connections per address");
        require(maxConnections, 1, 100_000, "connections in all");
    }

    private static void require(int value, int min, int max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be " + min + "-" + max + ", got " + value);
        }
    }
}
