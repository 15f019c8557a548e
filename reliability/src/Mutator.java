import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns a valid JSON body into a hostile one: random bytes, truncations, one value swapped for a hostile value
 * (wrong type, huge, NaN, deep nesting, control characters), byte flips, invalid UTF-8, wrong top-level types.
 * Seeded, so a failing run can be replayed with {@code --seed}.
 */
final class Mutator {

    private final Random rnd;

    Mutator(Random rnd) {
        this.rnd = rnd;
    }

    /** What a mutation produced, with a label for the report's examples. */
    record Body(String kind, byte[] bytes) {
        String preview() {
            String s = new String(bytes, 0, Math.min(bytes.length, 80), StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
            return kind + " (" + bytes.length + " B): " + s;
        }
    }

    Body mutate(String valid) {
        return switch (rnd.nextInt(10)) {
            case 0 -> new Body("random bytes", randomBytes(rnd.nextInt(96)));
            case 1 -> new Body("truncated", utf8(valid.substring(0, rnd.nextInt(valid.length()))));
            case 2, 3, 4 -> new Body("hostile value", utf8(replaceOneValue(valid)));
            case 5 -> new Body("byte flip", flip(utf8(valid)));
            case 6 -> new Body("deep nesting", utf8("[".repeat(20_000 + rnd.nextInt(80_000))));
            case 7 -> new Body("invalid utf-8", invalidUtf8(valid));
            case 8 -> new Body("wrong top level", utf8(List.of("[]", "\"inputs\"", "1", "null", "true", "{}", "", " ")
                    .get(rnd.nextInt(8))));
            default -> new Body("extra keys", utf8(valid.substring(0, valid.lastIndexOf('}'))
                    + ",\"" + hostileKey() + "\":" + Json.write(hostileValue()) + "}"));
        };
    }

    /** A Content-Type header value: mostly JSON's, sometimes wrong or absent (null). */
    String contentType() {
        return switch (rnd.nextInt(8)) {
            case 0 -> null;
            case 1 -> "text/plain";
            case 2 -> "application/json; charset=latin1";
            case 3 -> "multipart/form-data; boundary=x";
            default -> "application/json";
        };
    }

    Object hostileValue() {
        return switch (rnd.nextInt(20)) {
            case 0 -> null;
            case 1 -> true;
            case 2 -> -1L;
            case 3 -> Long.MAX_VALUE;
            case 4 -> new Json.Raw("1e999");
            case 5 -> new Json.Raw("-0");
            case 6 -> new Json.Raw("123456789012345678901234567890");
            case 7 -> 0.5;
            case 8 -> "";
            case 9 -> "x".repeat(1 + rnd.nextInt(200_000));
            case 10 -> "../../../../etc/passwd";
            case 11 -> "\u0000\u0001\u001f";
            case 12 -> List.of();
            case 13 -> Map.of();
            case 14 -> nested(50 + rnd.nextInt(2000));
            case 15 -> "😀".repeat(1 + rnd.nextInt(1000));
            case 16 -> new Json.Raw("NaN");
            case 17 -> "%s%n%x${jndi:ldap://127.0.0.1/x}";
            case 18 -> -2147483649L;
            default -> List.of("a", 1L, Map.of("b", List.of()));
        };
    }

    private String hostileKey() {
        return List.of("__proto__", "", "inputs", "parameters", "name", "\u0000", "x".repeat(10_000)).get(rnd.nextInt(7));
    }

    private static Object nested(int depth) {
        Object v = List.of();
        for (int k = 0; k < depth; k++) v = List.of(v);
        return v;
    }

    /** Parses the valid body, swaps one value anywhere in its tree for a hostile one, writes it back. */
    @SuppressWarnings("unchecked")
    private String replaceOneValue(String valid) {
        Object root = copy(Json.parse(valid));
        List<Object[]> slots = new ArrayList<>(); // {container, key or index}
        collect(root, slots);
        if (slots.isEmpty()) return Json.write(hostileValue());
        Object[] slot = slots.get(rnd.nextInt(slots.size()));
        if (slot[0] instanceof Map<?, ?> m) ((Map<String, Object>) m).put((String) slot[1], hostileValue());
        else ((List<Object>) slot[0]).set((Integer) slot[1], hostileValue());
        return Json.write(root);
    }

    private static void collect(Object node, List<Object[]> slots) {
        if (node instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                slots.add(new Object[]{m, k});
                collect(m.get(k), slots);
            }
        } else if (node instanceof List<?> l) {
            for (int k = 0; k < l.size(); k++) {
                slots.add(new Object[]{l, k});
                collect(l.get(k), slots);
            }
        }
    }

    /** A mutable deep copy (the parser's maps are mutable, but Map.of values in bodies are not). */
    private static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k.toString(), copy(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(copy(x)));
            return out;
        }
        return v;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private byte[] flip(byte[] b) {
        for (int k = 0, n = 1 + rnd.nextInt(4); k < n && b.length > 0; k++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        return b;
    }

    /** A lone surrogate, an overlong encoding or a cut multi-byte sequence inside a string value. */
    private byte[] invalidUtf8(String valid) {
        byte[] bad = List.of(new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xC0, (byte) 0xAF},
                new byte[]{(byte) 0xE2, (byte) 0x82}, new byte[]{(byte) 0xFF}).get(rnd.nextInt(4));
        int quote = valid.indexOf('"', valid.indexOf(':') + 1);
        byte[] head = utf8(valid.substring(0, Math.max(quote + 1, 0)));
        byte[] tail = utf8(valid.substring(Math.max(quote + 1, 0)));
        byte[] out = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(bad, 0, out, head.length, bad.length);
        System.arraycopy(tail, 0, out, head.length + bad.length, tail.length);
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
