package dev.hearth.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.hearth.api.json.Serde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON mapper of the wire, configured to behave like TGI's serde + axum.
 *
 * <p>Reading:
 * <ul>
 *   <li>unknown fields are ignored (no TGI struct denies them);</li>
 *   <li>no coercion: a string for a number, a float for an integer, a number for a bool or a
 *       string, a scalar for an array are all refused (serde never converts);</li>
 *   <li>{@code null} is refused for fields that are not {@code Option} in TGI: components marked
 *       {@link dev.hearth.api.json.NotNull} (missing takes the default) or, for required fields,
 *       {@code @JsonSetter(nulls = Nulls.FAIL)};</li>
 *   <li>body rejections split as axum splits them: {@link #parse} refuses what is not one JSON
 *       value (400), {@link #convert} refuses JSON of the wrong shape (422); {@link #read} does
 *       both. Both throw {@link BodyRejection}, never anything else.</li>
 * </ul>
 *
 * <p>Writing: compact, one line (SSE frames rely on it), and a non-finite float ({@code NaN}
 * logprob of a first prefill token) as {@code null}, like serde_json.
 *
 * <p>The shared mapper is configured once here and never escapes, so it is effectively immutable;
 * {@link #newMapper()} hands out independent copies for frameworks that want their own.
 */
public final class WireJson {

    /** serde_json's recursion limit; deeper bodies are a 400 there too. */
    static final int MAX_NESTING_DEPTH = 128;

    private static final ObjectMapper MAPPER = newMapper();

    private WireJson() {}

    /** A fresh mapper with the wire configuration described on this class. */
    public static ObjectMapper newMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES) // see json.NotNull
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addModule(new SimpleModule("hearth-wire")
                        .addSerializer(Float.class, new FiniteOrNull<>(Float.class))
                        .addSerializer(float.class, new FiniteOrNull<>(Float.class))
                        .addSerializer(Double.class, new FiniteOrNull<>(Double.class))
                        .addSerializer(double.class, new FiniteOrNull<>(Double.class)))
                .build();
        // serde accepts an integer where a float is expected, and nothing else.
        mapper.coercionConfigFor(LogicalType.Float)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Boolean, LogicalType.Textual,
                LogicalType.Collection, LogicalType.Array, LogicalType.POJO, LogicalType.Map)) {
            var config = mapper.coercionConfigFor(type);
            for (CoercionInputShape shape : CoercionInputShape.values()) {
                config.setCoercion(shape, CoercionAction.Fail);
            }
        }
        return mapper;
    }

    /** Parses then converts a request body; see {@link #parse} and {@link #convert}. */
    public static <T> T read(byte[] body, Class<T> type) {
        return convert(parse(body), type);
    }

    /**
     * Parses a body into a tree. Fails with a 400 {@link BodyRejection} for invalid UTF-8, a
     * syntax error, an empty body, trailing characters or nesting deeper than 128.
     */
    public static JsonNode parse(byte[] body) {
        String text = decodeUtf8(body);
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw BodyRejection.malformed(e.getOriginalMessage() + at(e.getLocation()), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw BodyRejection.malformed("EOF while parsing a value at line 1 column 0", null);
        }
        return tree;
    }

    /**
     * Converts a parsed body into a wire record. Fails with a 422 {@link BodyRejection} whose text
     * names the field path, as serde_path_to_error does in axum ("parameters.top_k: ...").
     */
    public static <T> T convert(JsonNode tree, Class<T> type) {
        if (tree.isNull()) {
            throw BodyRejection.invalid("invalid type: null, expected " + Serde.expected(type), null);
        }
        try {
            return MAPPER.readerFor(type).readValue(tree);
        } catch (JsonProcessingException e) {
            throw BodyRejection.invalid(describe(e, tree), e);
        } catch (IOException | RuntimeException e) {
            throw BodyRejection.invalid(String.valueOf(e.getMessage()), e);
        }
    }

    /** Compact JSON text of a wire record. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compact JSON of a wire record as UTF-8 bytes. */
    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses JSON text found <em>inside</em> a request (a grammar sent as a string); syntax
     * errors are the caller's to report. Empty text gives a missing node.
     */
    public static JsonNode parseText(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }

    /** A wire record as a tree, for tests and for routes that re-dispatch a body. */
    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    private static String decodeUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw BodyRejection.malformed("invalid UTF-8 at byte " + in.position(), null);
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) return "";
        return " at line " + location.getLineNr() + " column " + location.getColumnNr();
    }

    /** "path: problem" in serde's words where the case is recognised, Jackson's otherwise. */
    static String describe(JsonProcessingException e, JsonNode root) {
        List<JsonMappingException.Reference> path =
                e instanceof JsonMappingException m ? m.getPath() : List.of();
        String problem = problem(e, root, path);
        String original = e.getOriginalMessage();
        if (original != null && original.startsWith("Missing required creator property") && !path.isEmpty()) {
            path = path.subList(0, path.size() - 1); // serde reports a missing field at its parent
        }
        String where = pathText(path);
        return where.isEmpty() ? problem : where + ": " + problem;
    }

    private static String problem(JsonProcessingException e, JsonNode root,
                                  List<JsonMappingException.Reference> path) {
        String original = e.getOriginalMessage();
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return e.getCause().getMessage();
        }
        if (original != null && (original.startsWith("invalid ") || original.startsWith("missing field")
                || original.startsWith("unknown variant") || original.startsWith("data did not match")
                || original.startsWith("Empty array detected"))) {
            return original; // already in serde's words (our own deserializers)
        }
        if (original != null && original.startsWith("Missing required creator property '")) {
            String name = original.substring("Missing required creator property '".length());
            return "missing field `" + name.substring(0, name.indexOf('\'')) + "`";
        }
        if (e instanceof InvalidNullException) {
            return "invalid type: null, expected a value";
        }
        if (e instanceof InputCoercionException c) {
            return "invalid value: integer `" + safeText(c) + "`, expected " + Serde.expected(c.getTargetType());
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            JsonNode node = nodeAt(root, path);
            if (node != null) {
                return "invalid type: " + Serde.describe(node) + ", expected " + Serde.expected(m.getTargetType());
            }
        }
        return original;
    }

    private static String safeText(InputCoercionException e) {
        try {
            return e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p ? p.getText() : "?";
        } catch (IOException ignored) {
            return "?";
        }
    }

    private static JsonNode nodeAt(JsonNode root, List<JsonMappingException.Reference> path) {
        JsonNode node = root;
        for (var ref : path) {
            if (node == null) return null;
            node = ref.getFieldName() != null ? node.get(ref.getFieldName()) : node.get(ref.getIndex());
        }
        return node;
    }

    private static String pathText(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (var ref : path) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) out.append('.');
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** serde_json writes NaN and infinities as {@code null}; Jackson would write {@code NaN}. */
    private static final class FiniteOrNull<N extends Number> extends StdSerializer<N> {
        FiniteOrNull(Class<N> type) {
            super(type);
        }

        @Override
        public void serialize(N value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value instanceof Float f) {
                if (f.isNaN() || f.isInfinite()) gen.writeNull(); else gen.writeNumber(f);
            } else {
                double d = value.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) gen.writeNull(); else gen.writeNumber(d);
            }
        }
    }
}
