package dev.hearth.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import static dev.hearth.worker.WorkerFixture.http;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decisive property of structured generation: with the tests' random-weight model, which without a constraint
 * writes word salad, every output under a JSON schema parses and validates against it, and every output under a
 * regex matches it, over many seeds. Strings and arrays in the corpus are bounded, so no output can be cut by
 * {@code max_new_tokens}: each one must end with the grammar complete ({@code eos_token}), never {@code length}.
 */
@ExtendWith(WorkerFixture.class)
class StructuredOutputTest {

    static final List<String> SCHEMAS = List.of("get_weather", "order", "person", "event");
    static final int SEEDS = 10;
    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    static JsonNode schema(String name) {
        try (InputStream in = StructuredOutputTest.class.getResourceAsStream("/schemas/" + name + ".json")) {
            return Http.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the bodies four at a time (the worker's batch), returning each response's JSON. */
    static List<JsonNode> postAll(String path, List<String> bodies) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Http.Response>> answers = new ArrayList<>();
            for (String b : bodies) answers.add(pool.submit(() -> http.post(path, b)));
            List<JsonNode> out = new ArrayList<>();
            for (Future<Http.Response> a : answers) {
                Http.Response r = a.get();
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                out.add(r.json());
            }
            return out;
        }
    }

    static String generate(JsonNode grammar, long seed) {
        ObjectNode body = Http.JSON.createObjectNode().put("inputs", "Write it down:");
        ObjectNode p = body.putObject("parameters");
        p.put("do_sample", true).put("seed", seed).put("max_new_tokens", 400).put("details", true);
        p.set("grammar", grammar);
        return body.toString();
    }

    @Test
    void everyOutputUnderEveryJsonSchemaOfTheCorpusParsesAndValidatesOverManySeeds() throws Exception {
        for (String name : SCHEMAS) {
            JsonNode schema = schema(name);
            Schema validator = REGISTRY.getSchema(schema.toString());
            List<String> bodies = new ArrayList<>();
            for (long seed = 1; seed <= SEEDS; seed++) {
                bodies.add(generate(Http.JSON.createObjectNode().put("type", "json").set("value", schema), seed));
            }
            List<String> distinct = new ArrayList<>();
            for (JsonNode answer : postAll("/generate", bodies)) {
                String text = answer.get("generated_text").asText();
                assertThat(answer.at("/details/finish_reason").asText()).as("%s: %s", name, text).isEqualTo("eos_token");
                JsonNode value = Http.JSON.readTree(text);
                assertThat(validator.validate(value)).as("%s: %s", name, text).isEmpty();
                if (!distinct.contains(text)) distinct.add(text);
            }
            assertThat(distinct.size()).as("%s: seeds vary the output", name).isGreaterThan(SEEDS / 2);
        }
    }

    @Test
    void everyOutputUnderARegexMatchesIt() throws Exception {
        List<String> regexes = List.of(
                "[a-z]{3,8}@[a-z]{2,6}\\.(com|org|net)",
                "\\d{3}-\\d{4}",
                "(yes|no|maybe)",
                "[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8}){0,2}",
                "#[0-9a-f]{6}");
        for (String regex : regexes) {
            List<String> bodies = new ArrayList<>();
            for (long seed = 1; seed <= SEEDS / 2; seed++) {
                bodies.add(generate(Http.JSON.createObjectNode().put("type", "regex").put("value", regex), seed));
            }
            Pattern pattern = Pattern.compile(regex);
            for (JsonNode answer : postAll("/generate", bodies)) {
                String text = answer.get("generated_text").asText();
                assertThat(answer.at("/details/finish_reason").asText()).as("%s: %s", regex, text).isEqualTo("eos_token");
                assertThat(pattern.matcher(text).matches()).as("%s matches %s", text, regex).isTrue();
            }
        }
    }

    @Test
    void chatResponseFormatsInOpenAisShapesGiveJsonThatValidates() throws Exception {
        JsonNode weather = schema("get_weather");
        List<String> bodies = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) {
            ObjectNode body = chatBody(seed);
            ObjectNode format = body.putObject("response_format").put("type", "json_schema");
            format.putObject("json_schema").put("name", "weather").put("strict", true).set("schema", weather);
            bodies.add(body.toString());
        }
        Schema validator = REGISTRY.getSchema(weather.toString());
        for (JsonNode answer : postAll("/v1/chat/completions", bodies)) {
            String content = answer.at("/choices/0/message/content").asText();
            assertThat(answer.at("/choices/0/finish_reason").asText()).as(content).isEqualTo("stop");
            assertThat(validator.validate(Http.JSON.readTree(content))).as(content).isEmpty();
        }
    }

    /**
     * Free-form JSON has unbounded strings, which a random model leaves only by chance: within the budget most answers
     * are cut (measured: 6 of 6 at 120 tokens). Each answer is therefore either a complete object ("stop") or says
     * "length" and is the start of one; completeness itself is the schema corpus's property above.
     */
    @Test
    void aBareJsonObjectResponseFormatGivesAJsonObjectOrSaysItWasCut() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (long seed = 1; seed <= 6; seed++) {
            ObjectNode body = chatBody(seed).put("max_tokens", 120);
            body.putObject("response_format").put("type", "json_object");
            bodies.add(body.toString());
        }
        for (JsonNode answer : postAll("/v1/chat/completions", bodies)) {
            String content = answer.at("/choices/0/message/content").asText();
            String finish = answer.at("/choices/0/finish_reason").asText();
            if (finish.equals("stop")) {
                assertThat(Http.JSON.readTree(content).isObject()).as(content).isTrue();
            } else {
                assertThat(finish).isEqualTo("length");
                assertThat(content).startsWith("{\"");
                assertThat(answer.at("/usage/completion_tokens").asInt()).isEqualTo(120);
            }
        }
    }

    @Test
    void completionsTakeAResponseFormatToo() throws Exception {
        ObjectNode body = Http.JSON.createObjectNode().put("prompt", "Answer:").put("max_tokens", 50).put("seed", 3)
                .put("temperature", 1.0);
        body.putObject("response_format").put("type", "regex").put("value", "(yes|no)");
        JsonNode answer = postAll("/v1/completions", List.of(body.toString())).getFirst();
        assertThat(answer.at("/choices/0/text").asText()).isIn("yes", "no");
    }

    static ObjectNode chatBody(long seed) {
        ObjectNode body = Http.JSON.createObjectNode().put("max_tokens", 400).put("seed", seed).put("temperature", 1.0);
        body.putArray("messages").addObject().put("role", "user").put("content", "What is the weather in Paris?");
        return body;
    }
}
