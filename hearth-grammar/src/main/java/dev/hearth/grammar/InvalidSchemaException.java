package dev.hearth.grammar;

/** Not a valid JSON Schema, or one that no value satisfies: wrong types, a {@code $ref} that resolves nowhere, {@code minItems > maxItems}... */
public class InvalidSchemaException extends GrammarException {
    private final String pointer;

    public InvalidSchemaException(String pointer, String problem) {
        super("invalid JSON Schema at " + UnsupportedSchemaException.displayed(pointer) + ": " + problem);
        this.pointer = pointer;
    }

    /** The JSON pointer of the offending schema ({@code ""} for the root). */
    public String pointer() {
        return pointer;
    }
}
