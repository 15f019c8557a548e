package dev.hearth.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Random;

/** The property the translation promises, checked on random strings of a grammar with a real JSON Schema validator. */
final class Outputs {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Formats are asserted (off by default in 2020-12), so a wrong date fails. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    /** Rule expansions before a random walk takes the shortest way out. */
    static final int DEPTH = 14;

    private Outputs() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Generates {@code samples} strings; each must parse as JSON, validate, and be recognised by the grammar. */
    static List<String> assertEveryOutputValidates(JsonNode schema, int samples, long seed) {
        Gbnf gbnf = JsonSchemaGrammar.fromSchema(schema);
        GbnfInterpreter grammar = GbnfInterpreter.parse(gbnf.text());
        assertThat(grammar.everyRuleFinishes()).as("every rule of\n%s\nhas a finite string", gbnf).isTrue();
        Schema validator = REGISTRY.getSchema(schema);
        Random random = new Random(seed);
        List<String> outputs = new java.util.ArrayList<>();
        for (int i = 0; i < samples; i++) {
            String out = grammar.generate(random, DEPTH);
            JsonNode value;
            try {
                value = MAPPER.readTree(out);
            } catch (JsonProcessingException e) {
                fail("output %s of grammar\n%s\nis not JSON: %s", out, gbnf, e.getOriginalMessage());
                return outputs;
            }
            List<Error> errors = validator.validate(value);
            assertThat(errors).as("output %s of grammar\n%s\nagainst schema %s", out, gbnf, schema).isEmpty();
            assertThat(grammar.accepts(out)).as("the grammar recognises its own output %s\n%s", out, gbnf).isTrue();
            outputs.add(out);
        }
        return outputs;
    }

    /** Whether the grammar of {@code schema} accepts the compact writing of {@code instance}. */
    static boolean accepts(JsonNode schema, String instance) {
        GbnfInterpreter grammar = GbnfInterpreter.parse(JsonSchemaGrammar.fromSchema(schema).text());
        return grammar.accepts(json(instance).toString());
    }

    static boolean validates(JsonNode schema, String instance) {
        return REGISTRY.getSchema(schema).validate(json(instance)).isEmpty();
    }
}
