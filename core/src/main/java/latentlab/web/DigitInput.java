package latentlab.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import latentlab.data.Mnist;
import latentlab.explore.DrawnDigit;
import latentlab.explore.TestDigits;
import latentlab.json.InvalidFieldException;
import latentlab.json.Json;
import latentlab.json.JsonFields;

/**
 * The digit a request names, as 784 pixels in [0,1]: exactly one of {@code testIndex} (0–9999),
 * {@code digit} (a random test image of that class), {@code pixels} (784 values) or {@code drawing}
 * (side × side values, prepared as MNIST was). What was chosen is written into {@code info}: the test
 * image's number and label, or a drawing's prepared pixels.
 */
final class DigitInput {
    static final int MIN_DRAWING_SIDE = 8;
    static final int MAX_DRAWING_SIDE = 280;

    private DigitInput() {}

    /** {@code prefix}: where the object sits in the request, "" or e.g. "from." (for error messages). */
    static float[] read(JsonNode node, String prefix, TestDigits test, ObjectNode info) {
        int given = 0;
        for (String kind : new String[] {"testIndex", "digit", "pixels", "drawing"}) {
            given += node.has(kind) ? 1 : 0;
        }
        if (given != 1) {
            String field = prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1);
            throw new InvalidFieldException(field, "must give exactly one of testIndex, digit, pixels or drawing");
        }
        if (node.has("pixels")) {
            return JsonFields.unitInterval(node, prefix + "pixels", Mnist.PIXELS);
        }
        if (node.has("drawing")) {
            int side = JsonFields.wholeNumber(node, prefix + "side", MIN_DRAWING_SIDE, MAX_DRAWING_SIDE, null);
            float[] digit = DrawnDigit.toMnist(JsonFields.unitInterval(node, prefix + "drawing", side * side), side);
            info.set("pixels", Json.floats(digit));
            return digit;
        }
        int index = node.has("testIndex")
                ? JsonFields.wholeNumber(node, prefix + "testIndex", 0, test.count() - 1, null)
                : test.randomOf(JsonFields.wholeNumber(node, prefix + "digit", 0, 9, null));
        info.put("testIndex", index);
        info.put("label", test.label(index));
        return test.pixels(index);
    }
}
