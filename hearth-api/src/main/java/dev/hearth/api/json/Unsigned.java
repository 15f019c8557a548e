package dev.hearth.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigInteger;

/**
 * Deserializers for TGI's unsigned Rust integers ({@code u32}, {@code usize}, {@code u64}), held in
 * a {@link Long}. Java has no unsigned types, and a plain {@code Integer} would both accept negative
 * numbers (serde refuses them) and refuse valid values above 2^31.
 *
 * <p>Each accepts only a JSON integer token in its range and fails otherwise with serde's wording,
 * which {@link dev.hearth.api.WireJson} passes through into the 422 rejection text. JSON {@code null}
 * never reaches these classes: Jackson maps it to a {@code null} {@code Long} (an {@code Option}).
 */
public final class Unsigned {

    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Unsigned() {}

    /** {@code u32}: 0 ..= 4294967295. */
    public static final class U32 extends Base {
        public U32() {
            super("u32", BigInteger.valueOf(0xFFFF_FFFFL));
        }
    }

    /**
     * {@code usize}: on the 64-bit targets TGI ships for this is {@code u64}, but values above
     * {@link Long#MAX_VALUE} are refused here since they cannot be held; every such value fails a
     * later limit check anyway, so only the wording of that 422 differs.
     */
    public static final class USize extends Base {
        public USize() {
            super("usize", BigInteger.valueOf(Long.MAX_VALUE));
        }
    }

    /**
     * {@code u64}: 0 ..= 2^64-1, stored as the <em>bits</em> of the value, so numbers above
     * {@link Long#MAX_VALUE} read back negative; use {@link Long#toUnsignedString(long)} or
     * {@link U64Serializer} to print them. Used for sampling seeds.
     */
    public static final class U64 extends Base {
        public U64() {
            super("u64", U64_MAX);
        }
    }

    /** Writes a {@code u64} held in a {@code long} (see {@link U64}) as an unsigned JSON number. */
    public static final class U64Serializer extends StdSerializer<Long> {
        public U64Serializer() {
            super(Long.class);
        }

        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value >= 0) {
                gen.writeNumber(value);
            } else {
                gen.writeNumber(new BigInteger(Long.toUnsignedString(value)));
            }
        }
    }

    abstract static class Base extends StdDeserializer<Long> {
        private final String rustType;
        private final BigInteger max;

        Base(String rustType, BigInteger max) {
            super(Long.class);
            this.rustType = rustType;
            this.max = max;
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token != JsonToken.VALUE_NUMBER_INT) {
                return (Long) ctxt.reportInputMismatch(this,
                        "invalid type: %s, expected %s", Serde.describe(p), rustType);
            }
            BigInteger value = p.getBigIntegerValue();
            if (value.signum() < 0 || value.compareTo(max) > 0) {
                return (Long) ctxt.reportInputMismatch(this,
                        "invalid value: integer `%s`, expected %s", value, rustType);
            }
            return value.longValue();
        }
    }
}
