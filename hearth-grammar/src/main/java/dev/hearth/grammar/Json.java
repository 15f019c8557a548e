package dev.hearth.grammar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON helpers: pointers, JSON Schema's equality of values, compact text. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** {@code pointer} extended by one reference token, escaped as RFC 6901 says. */
    static String child(String pointer, String token) {
        return pointer + "/" + token.replace("~", "~0").replace("/", "~1");
    }

    static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    /** Compact JSON text of a value, as a grammar literal writes it. */
    static String compact(JsonNode value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JSON Schema's equality: numbers by value ({@code 1 == 1.0}), objects regardless of member order. */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (var e : a.properties()) {
                JsonNode other = b.get(e.getKey());
                if (other == null || !same(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** The JSON Schema type name of a value: integral numbers are "integer". */
    static String typeOf(JsonNode value) {
        if (value.isNull()) {
            return "null";
        } else if (value.isBoolean()) {
            return "boolean";
        } else if (value.isNumber()) {
            return isIntegral(value) ? "integer" : "number";
        } else if (value.isTextual()) {
            return "string";
        } else if (value.isArray()) {
            return "array";
        }
        return "object";
    }

    static boolean isIntegral(JsonNode number) {
        if (number.isIntegralNumber()) {
            return true;
        }
        try {
            number.decimalValue().toBigIntegerExact();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }
}
