package dev.hearth.worker.generation;

import dev.hearth.api.tgi.Grammar;
import dev.hearth.api.tgi.ValidationException;
import dev.hearth.engine.constraint.Constraint;
import dev.hearth.engine.constraint.GrammarCompiler;
import dev.hearth.engine.constraint.GrammarRejectedException;
import dev.hearth.grammar.Gbnf;
import dev.hearth.grammar.GrammarException;
import dev.hearth.grammar.JsonSchemaGrammar;
import dev.hearth.grammar.RegexGrammar;

/**
 * A validated wire grammar (TGI's {@code grammar}, OpenAI's {@code response_format}, a tool choice) turned into an
 * engine constraint: JSON Schema or regex to GBNF, then compiled (and cached) by the engine. Every refusal is TGI's
 * 422 {@code validation} "grammar is not valid: ...", naming the schema keyword where one is at fault.
 */
public final class Constraints {

    private final GrammarCompiler compiler;

    public Constraints(GrammarCompiler compiler) {
        this.compiler = compiler;
    }

    /** @return null when there is no grammar */
    public Constraint of(Grammar grammar) {
        if (grammar == null) return null;
        Gbnf gbnf;
        try {
            gbnf = switch (grammar.type()) {
                case JSON -> JsonSchemaGrammar.fromSchema(grammar.schema());
                case JSON_OBJECT -> JsonSchemaGrammar.anyJsonObject();
                case REGEX -> RegexGrammar.fromRegex(grammar.regex());
            };
        } catch (GrammarException e) {
            throw ValidationException.invalidGrammar(e.getMessage());
        }
        try {
            return compiler.compile(gbnf.text());
        } catch (GrammarRejectedException e) {
            throw ValidationException.invalidGrammar(e.getMessage());
        }
    }
}
