package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An entry of the chat {@code tools}: {@code {"type":"function","function":{...}}}. Both fields are
 * required, as in TGI; {@code function.parameters} is read under its TGI name {@code arguments}
 * too.
 */
public record Tool(
        @JsonProperty(value = "type", required = true) @JsonSetter(nulls = Nulls.FAIL) String type,
        @JsonProperty(value = "function", required = true) @JsonSetter(nulls = Nulls.FAIL) Function function) {

    /** A function the model may call; {@code arguments} is its JSON schema. */
    public record Function(
            @JsonProperty("description") String description,
            @JsonProperty(value = "name", required = true) @JsonSetter(nulls = Nulls.FAIL) String name,
            @JsonProperty(value = "arguments", required = true) @JsonAlias("parameters") JsonNode arguments) {}
}
