package dev.hearth.api.tgi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.WireJson;

/**
 * TGI's request validation ({@code router/src/validation.rs}, {@code infer/mod.rs},
 * {@code server.rs}), as pure functions. Every failure is a {@link ValidationException} with TGI's
 * exact text; the first failing rule wins, so the order of checks is part of the contract.
 *
 * <p>A route runs, in this order:
 * <ol>
 *   <li>{@link #validateParameters} — everything that needs no tokenizer;</li>
 *   <li>tokenization of {@code inputs} (outside this module);</li>
 *   <li>{@link #validateLength} — token limits;</li>
 *   <li>{@link #validateGrammar} — when {@code grammar} is set.</li>
 * </ol>
 * Step 1 begins with the checks TGI makes in {@code server.rs}/{@code infer/mod.rs} before its
 * own {@code validate}: the streaming refusals, or (not streaming) the {@code best_of} limits. TGI
 * takes its concurrency permit (429 {@code overloaded}) right after those and before the rest, so a
 * route that wants the same precedence between 429 and 422 acquires its permit at that point; the
 * difference only shows for requests that are both invalid and overloaded.
 */
public final class Validation {

    /**
     * TGI ≥ v3.2 generates in chunks of this many new tokens, and checks the total-tokens limit
     * against {@code min(max_new_tokens, 1024)} only.
     */
    public static final int GENERATION_CHUNK = 1024;

    private Validation() {}

    /**
     * Checks and defaults everything but token counts.
     *
     * @param inputs    the prompt as sent (for chat: the templated prompt); only its emptiness is checked
     * @param streaming whether the answer streams ({@code /generate_stream}, {@code "stream": true})
     */
    public static ValidatedParameters validateParameters(String inputs, GenerateParameters p, Limits limits,
                                                         boolean streaming) {
        long bestOf = p.bestOf() == null ? 1 : p.bestOf();

        // server.rs / infer/mod.rs: checks made before `Validation::validate` runs.
        if (streaming) {
            if (bestOf != 1) throw ValidationException.bestOfStream();
            if (p.decoderInputDetails()) throw ValidationException.prefillDetailsStream();
        } else if (bestOf > 1) {
            if (limits.maxBestOf() == 1) throw ValidationException.bestOfDisabled();
            if (bestOf > limits.maxBestOf()) throw ValidationException.bestOf(limits.maxBestOf(), bestOf);
        }

        // validation.rs `validate`, in its order. Sampling is *requested* by any explicit warper.
        boolean samplingRequested = p.doSample() || p.temperature() != null || p.topK() != null
                || p.topP() != null || p.typicalP() != null;
        if (bestOf > 1 && !samplingRequested) throw ValidationException.bestOfSampling();

        float temperature = p.temperature() == null ? 1.0f : p.temperature();
        if (!(temperature > 0.0f)) throw ValidationException.temperature();

        float repetitionPenalty = p.repetitionPenalty() == null ? 1.0f : p.repetitionPenalty();
        if (!(repetitionPenalty > 0.0f)) throw ValidationException.repetitionPenalty();

        float frequencyPenalty = p.frequencyPenalty() == null ? 0.0f : p.frequencyPenalty();
        if (!(frequencyPenalty >= -2.0f && frequencyPenalty <= 2.0f)) throw ValidationException.frequencyPenalty();

        // Exclusive on both ends: the neutral 1.0 is the default, not a value a user may send.
        float topP = 1.0f;
        if (p.topP() != null) {
            topP = p.topP();
            if (!(topP > 0.0f && topP < 1.0f)) throw ValidationException.topP();
        }
        float typicalP = 1.0f;
        if (p.typicalP() != null) {
            typicalP = p.typicalP();
            if (!(typicalP > 0.0f && typicalP < 1.0f)) throw ValidationException.typicalP();
        }
        int topK = 0;
        if (p.topK() != null) {
            topK = p.topK();
            if (topK <= 0) throw ValidationException.topK();
        }

        if (p.maxNewTokens() != null && p.maxNewTokens() == 0) throw ValidationException.negativeMaxNewTokens();

        if (p.stop().size() > limits.maxStopSequences()) {
            throw ValidationException.stopSequence(limits.maxStopSequences(), p.stop().size());
        }

        if (p.seed() != null && bestOf > 1) throw ValidationException.bestOfSeed();

        int topNTokens = 0;
        if (p.topNTokens() != null) {
            if (p.topNTokens() > limits.maxTopNTokens()) {
                throw ValidationException.topNTokens(limits.maxTopNTokens(), p.topNTokens());
            }
            topNTokens = p.topNTokens().intValue();
        }

        if (inputs.isEmpty()) throw ValidationException.emptyInput();

        Integer truncate = null;
        if (p.truncate() != null) {
            if (p.truncate() == 0 || p.truncate() > limits.maxInputTokens()) {
                throw ValidationException.truncate(limits.maxInputTokens(), p.truncate());
            }
            truncate = p.truncate().intValue();
        }

        // What TGI's Python NextTokenChooser does with these values: sample iff asked to, or iff a
        // warper is away from neutral. An explicit temperature=1.0 alone therefore stays greedy.
        boolean doSample = p.doSample() || temperature != 1.0f || topK != 0 || topP < 1.0f || typicalP < 1.0f;

        return new ValidatedParameters(doSample, temperature, topK, topP, typicalP, repetitionPenalty,
                frequencyPenalty, p.maxNewTokens(), p.stop(), truncate, p.seed(), p.watermark(), p.details(),
                p.decoderInputDetails(), topNTokens, p.returnFullText(), (int) Math.max(1, bestOf), p.grammar(),
                p.adapterId());
    }

    /**
     * TGI's {@code validate_input}: the token limits, checked in TGI's order — total first, then
     * input — so a prompt that is too long with no {@code max_new_tokens} reports the total.
     *
     * @param tokenizedLength tokens of the whole prompt, before truncation
     */
    public static TokenBudget validateLength(int tokenizedLength, ValidatedParameters params, Limits limits) {
        int inputLength = params.truncate() == null ? tokenizedLength : Math.min(tokenizedLength, params.truncate());
        long room = Math.max(0, (long) limits.maxTotalTokens() - inputLength);
        long requested = params.maxNewTokens() == null ? room : params.maxNewTokens();
        long checked = Math.min(requested, GENERATION_CHUNK);
        if (inputLength + checked > limits.maxTotalTokens()) {
            throw ValidationException.maxTotalTokens(limits.maxTotalTokens(), inputLength, checked);
        }
        if (inputLength > limits.maxInputTokens()) {
            throw ValidationException.inputLength(limits.maxInputTokens(), inputLength);
        }
        // Unlike TGI, which re-queues chunk after chunk until a re-validation fails, the budget is
        // capped once here at what the context can hold; both end with finish_reason=length.
        return new TokenBudget(inputLength, (int) Math.min(requested, room));
    }

    /**
     * The content checks TGI makes on a grammar that already has the right shape
     * ({@link Grammar#checkShape}). Returns {@code null} when there is no grammar.
     *
     * <p>Not mirrored: TGI also validates a JSON schema against the draft 2020-12 meta-schema and
     * compiles it to a regex; both are left to the engine, which refuses what it cannot compile.
     */
    public static Grammar validateGrammar(JsonNode grammar, Limits limits) {
        if (grammar == null || grammar.isNull()) return null;
        if (!limits.grammarSupported()) throw ValidationException.grammarNotSupported();
        String type = grammar.path("type").asText();
        JsonNode value = Grammar.value(grammar);
        if (value == null) return new Grammar(Grammar.Type.JSON_OBJECT, null, null); // bare json_object: checked shape
        JsonNode schema = switch (type) {
            case "regex" -> null;
            case "json_schema" -> value.path("schema");
            default -> switch (value.getNodeType()) { // json, json_object
                case OBJECT -> value;
                case STRING -> parseSchema(value.textValue());
                default -> throw ValidationException.grammarNotSupported();
            };
        };
        if (schema == null) return new Grammar(Grammar.Type.REGEX, null, value.textValue());
        // Needed by the constrained decoder (TGI: "needed for the grammar to be parsed in Python").
        if (!schema.isObject() || !schema.has("properties")) {
            throw ValidationException.invalidGrammar("Grammar must have a 'properties' field");
        }
        return new Grammar(Grammar.Type.JSON, schema, null);
    }

    private static JsonNode parseSchema(String text) {
        try {
            JsonNode schema = WireJson.parseText(text);
            if (schema.isMissingNode()) {
                throw ValidationException.invalidGrammar("EOF while parsing a value at line 1 column 0");
            }
            return schema;
        } catch (JsonProcessingException e) {
            throw ValidationException.invalidGrammar(e.getOriginalMessage());
        }
    }
}
