package dev.hearth.api.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * For a TGI field with a serde default that is not an {@code Option}: a missing field takes its
 * default, an explicit {@code null} is refused ("invalid type: null, expected a boolean").
 *
 * <p>Jackson cannot say this with annotations alone: {@code @JsonSetter(nulls = Nulls.FAIL)} also
 * fails a <em>missing</em> creator property. This wrapper delegates reading to the type's usual
 * deserializer and only changes the two null paths: {@link #getNullValue} (JSON {@code null}) fails,
 * {@link #getAbsentValue} (field missing) gives {@code false}/{@code 0} for a primitive and
 * {@code null} otherwise, which the record's compact constructor replaces with the default.
 *
 * <p>Use as {@code @JsonDeserialize(using = NotNull.class)} on a record component.
 */
public final class NotNull extends StdDeserializer<Object> implements ContextualDeserializer {

    private final JavaType type;
    private final JsonDeserializer<Object> delegate;

    public NotNull() {
        this(null, null);
    }

    private NotNull(JavaType type, JsonDeserializer<Object> delegate) {
        super(type == null ? Object.class : type.getRawClass());
        this.type = type;
        this.delegate = delegate;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
            throws com.fasterxml.jackson.databind.JsonMappingException {
        if (property == null) {
            throw new IllegalStateException("NotNull is for properties only");
        }
        JavaType propertyType = property.getType();
        // Type-based lookup: it does not see the property's own @JsonDeserialize, so no recursion.
        return new NotNull(propertyType, ctxt.findContextualValueDeserializer(propertyType, property));
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return delegate.deserialize(p, ctxt);
    }

    @Override
    public Object getNullValue(DeserializationContext ctxt) throws com.fasterxml.jackson.databind.JsonMappingException {
        return ctxt.reportInputMismatch(this, "invalid type: null, expected %s", Serde.expected(type.getRawClass()));
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
        if (type.getRawClass() == boolean.class) return Boolean.FALSE;
        if (type.isPrimitive()) throw new IllegalStateException("NotNull supports boolean among primitives");
        return null;
    }
}
