package latentlab.web;

/**
 * A refusal of the web layer's own (no token, too many requests, a malformed path): the HTTP status, a
 * message and the field for the client, and for a 429 how many seconds to wait. Answered by {@link ApiErrors}.
 */
final class ApiException extends RuntimeException {
    private final int status;
    private final String field;
    private final long retryAfterSeconds;

    ApiException(int status, String message) {
        this(status, message, null);
    }

    ApiException(int status, String message, String field) {
        this(status, message, field, 0);
    }

    private ApiException(int status, String message, String field, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429 with {@code Retry-After}: the wait rounded up to whole seconds. */
    static ApiException tooMany(String message, String field, long waitMillis) {
        return tooMany(429, message, field, waitMillis);
    }

    /** 429 (this client asks too much) or 503 (the server is busy), with {@code Retry-After}. */
    static ApiException tooMany(int status, String message, String field, long waitMillis) {
        return new ApiException(status, message, field, (waitMillis + 999) / 1000);
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }

    /** Seconds for the Retry-After header, or 0 for none. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
