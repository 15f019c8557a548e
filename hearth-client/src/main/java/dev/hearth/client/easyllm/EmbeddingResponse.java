package dev.hearth.client.easyllm;

import java.util.List;

/** EasyLLM's embedding response: {@code object} {@code list}, one {@link Data} per input, in order. */
public record EmbeddingResponse(String object, List<Data> data, String model, Usage usage) {

    public EmbeddingResponse {
        data = List.copyOf(data);
    }

    /** One input's vector ({@code object} {@code embedding}). */
    public record Data(int index, String object, float[] embedding) {}
}
