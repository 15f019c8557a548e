package dev.hearth.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** Answer of {@code GET /v1/models}: {@code {"object":"list","data":[ModelCard...]}}. */
@JsonPropertyOrder({"object", "data"})
public record ModelList(@JsonProperty("data") List<ModelCard> data) {

    public ModelList {
        data = List.copyOf(data);
    }

    @JsonProperty("object")
    public String object() {
        return "list";
    }

    /** What a TGI server lists: its one model, {@code created} 0, owned by its own id. */
    public static ModelList single(String modelId) {
        return new ModelList(List.of(new ModelCard(modelId, 0, modelId)));
    }

    @JsonPropertyOrder({"id", "object", "created", "owned_by"})
    public record ModelCard(
            @JsonProperty("id") String id,
            @JsonProperty("created") long created,
            @JsonProperty("owned_by") String ownedBy) {

        @JsonProperty("object")
        public String object() {
            return "model";
        }
    }
}
