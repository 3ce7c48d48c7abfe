package latentlab.web;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token bucket per key (an address, a connection): {@code perPeriod} per period, bursts up to twice
 * that. Buckets that have filled up again are forgotten now and then, so the map stays small.
 */
final class KeyedRateLimiter {
    private static final int PRUNE_EVERY = 4_096;
    private final long capacity;
    private final long perPeriod;
    private final Duration period;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    KeyedRateLimiter(long perPeriod, Duration period) {
        this.perPeriod = perPeriod;
        this.period = period;
        this.capacity = 2 * perPeriod;
    }

    /** 0 when allowed (one token taken), else the milliseconds until the next one. */
    long tryTake(String key) {
        if (calls.incrementAndGet() % PRUNE_EVERY == 0) {
            buckets.values().removeIf(b -> b.getAvailableTokens() >= capacity);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(perPeriod, period)).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill() / 1_000_000);
    }

    /** 0 when a token is there to take (none is taken), else the milliseconds until there is one. */
    long waitFor(String key) {
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            return 0;
        }
        var estimate = bucket.estimateAbilityToConsume(1);
        return estimate.canBeConsumed() ? 0 : Math.max(1, estimate.getNanosToWaitForRefill() / 1_000_000);
    }

    void forget(String key) {
        buckets.remove(key);
    }
}
