package dev.hearth.grammar;

/**
 * A valid JSON Schema that uses a keyword (or a combination) whose output this module cannot guarantee. Refused up
 * front rather than ignored, so that a constrained output always validates.
 */
public class UnsupportedSchemaException extends GrammarException {
    private final String keyword;
    private final String pointer;

    public UnsupportedSchemaException(String keyword, String pointer) {
        this(keyword, pointer, null);
    }

    /** {@code reason}, when not null, says why after the standard sentence. */
    public UnsupportedSchemaException(String keyword, String pointer, String reason) {
        super("JSON Schema keyword '" + keyword + "' at " + displayed(pointer) + " is not supported"
                + (reason == null ? "" : ": " + reason));
        this.keyword = keyword;
        this.pointer = pointer;
    }

    /** The keyword refused, as spelled in the schema. */
    public String keyword() {
        return keyword;
    }

    /** The JSON pointer of the schema holding the keyword ({@code ""} for the root). */
    public String pointer() {
        return pointer;
    }

    static String displayed(String pointer) {
        return pointer.isEmpty() ? "/" : pointer;
    }
}
