package latentlab.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the application, and the few things everyone does with it. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** A record or other value as a tree. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** A record or other value as JSON text. */
    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static ArrayNode floats(float[] values) {
        ArrayNode array = array();
        for (float v : values) {
            array.add(v);
        }
        return array;
    }

    /**
     * A JSON object from text (blank text is the empty object); anything else is an
     * {@link InvalidFieldException} for the field {@code body}.
     */
    public static ObjectNode parseObject(String text) {
        JsonNode node;
        try {
            node = text == null || text.isBlank() ? object() : MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidFieldException("body", "is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidFieldException("body", "must be a JSON object");
        }
        return (ObjectNode) node;
    }
}
