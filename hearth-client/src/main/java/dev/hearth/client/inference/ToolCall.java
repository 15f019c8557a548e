package dev.hearth.client.inference;

/**
 * A call the model made: {@code arguments} is JSON text (parse it with any JSON library). In a stream, deltas carry
 * {@code index}; their {@code arguments} fragments concatenate to the whole text.
 */
public record ToolCall(Integer index, String id, String type, Function function) {

    public record Function(String name, String arguments) {}
}
