package dev.hearth.api.tgi;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.hearth.api.json.NotNull;
import java.util.Objects;

/**
 * Body of {@code POST /generate}, {@code /generate_stream} and {@code /tokenize}.
 *
 * <p>{@code inputs} is required and not nullable. {@code parameters} may be omitted — then it is
 * {@link GenerateParameters#whenOmitted()}, with {@code do_sample=true} — but an explicit
 * {@code null} is a 422, as in TGI where the field is a struct with a serde default.
 */
public record GenerateRequest(
        @JsonProperty(value = "inputs", required = true) @JsonSetter(nulls = Nulls.FAIL) String inputs,
        @JsonProperty("parameters") @JsonDeserialize(using = NotNull.class) GenerateParameters parameters) {

    public GenerateRequest {
        Objects.requireNonNull(inputs, "inputs");
        if (parameters == null) {
            parameters = GenerateParameters.whenOmitted();
        }
    }
}
