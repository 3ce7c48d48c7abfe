package latentlab.live;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One message on its way to one or many clients: the JSON text, encoded to UTF-8 once however many
 * receive it (an epoch message to 500 viewers is one encoding, not 500). Each send reads its own
 * read-only view of the bytes.
 */
public final class OutgoingText {
    private final String text;
    private ByteBuffer utf8;

    public OutgoingText(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** A fresh read-only view of the UTF-8 bytes, encoded on first use. */
    public synchronized ByteBuffer utf8() {
        if (utf8 == null) {
            utf8 = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
        }
        return utf8.duplicate();
    }
}
