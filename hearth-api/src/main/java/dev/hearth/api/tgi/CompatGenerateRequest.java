package dev.hearth.api.tgi;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.hearth.api.json.NotNull;
import java.util.Objects;

/**
 * Body of the legacy {@code POST /}: a {@link GenerateRequest} plus {@code stream} (default
 * {@code false}, {@code null} refused). The route answers a one-element JSON <em>array</em> when not
 * streaming. Its {@code return_full_text} default depends on the model's pipeline tag and is applied
 * by the route, see {@link #withDefaultReturnFullText(boolean)}.
 */
public record CompatGenerateRequest(
        @JsonProperty(value = "inputs", required = true) @JsonSetter(nulls = Nulls.FAIL) String inputs,
        @JsonProperty("parameters") @JsonDeserialize(using = NotNull.class) GenerateParameters parameters,
        @JsonProperty("stream") @JsonDeserialize(using = NotNull.class) boolean stream) {

    public CompatGenerateRequest {
        Objects.requireNonNull(inputs, "inputs");
        if (parameters == null) {
            parameters = GenerateParameters.whenOmitted();
        }
    }

    /**
     * TGI's {@code compat_generate}: an unset {@code return_full_text} becomes the route default
     * ({@code true} when the Hub pipeline tag is {@code text-generation} or unknown).
     */
    public CompatGenerateRequest withDefaultReturnFullText(boolean routeDefault) {
        if (parameters.returnFullText() != null) return this;
        return new CompatGenerateRequest(inputs, parameters.toBuilder().returnFullText(routeDefault).build(), stream);
    }

    public GenerateRequest toGenerateRequest() {
        return new GenerateRequest(inputs, parameters);
    }
}
