package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.hearth.api.json.NotNull;

/**
 * {@code stream_options}: {@code include_usage} adds a last chunk with {@code choices: []} and the
 * {@code usage}, before {@code [DONE]}. {@code include_usage} is a plain bool ({@code null} refused).
 */
public record StreamOptions(
        @JsonProperty("include_usage") @JsonDeserialize(using = NotNull.class) boolean includeUsage) {

    public static final StreamOptions DEFAULT = new StreamOptions(false);
}
