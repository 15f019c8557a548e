package dev.hearth.api.tgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hearth.api.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ValidationTest {

    static final Limits LIMITS = Limits.of(1024, 2048);

    static ValidatedParameters valid(UnaryOperator<GenerateParameters.Builder> params) {
        return Validation.validateParameters("hi", params.apply(GenerateParameters.builder()).build(), LIMITS, false);
    }

    static String refusal(UnaryOperator<GenerateParameters.Builder> params) {
        return refusal(params, false);
    }

    static String refusal(UnaryOperator<GenerateParameters.Builder> params, boolean streaming) {
        GenerateParameters p = params.apply(GenerateParameters.builder()).build();
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> Validation.validateParameters("hi", p, LIMITS, streaming));
        assertThat(e).as("expected a refusal").isNotNull();
        return e.getMessage();
    }

    static ValidatedParameters fromJson(String parameters, boolean streaming) {
        GenerateRequest r = WireJson.read(("{\"inputs\":\"hi\",\"parameters\":" + parameters + "}")
                .getBytes(StandardCharsets.UTF_8), GenerateRequest.class);
        return Validation.validateParameters(r.inputs(), r.parameters(), LIMITS, streaming);
    }

    @Nested
    class Rendering {
        @Test
        void theMessageIsTgisBareTextAndTheRenderedErrorCarriesThePrefix() {
            ValidationException e = ValidationException.temperature();
            assertThat(e.getMessage()).isEqualTo("`temperature` must be strictly positive");
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.toErrorResponse()).isEqualTo(new ErrorResponse(
                    "Input validation error: `temperature` must be strictly positive", "validation"));
            assertThat(WireJson.write(e.toErrorResponse())).isEqualTo(
                    "{\"error\":\"Input validation error: `temperature` must be strictly positive\",\"error_type\":\"validation\"}");
        }
    }

    @Nested
    class Defaults {
        @Test
        void unsetParametersTakeTgisNeutralValues() {
            ValidatedParameters v = valid(b -> b);
            assertThat(v.temperature()).isEqualTo(1.0f);
            assertThat(v.topK()).isZero();
            assertThat(v.topP()).isEqualTo(1.0f);
            assertThat(v.typicalP()).isEqualTo(1.0f);
            assertThat(v.repetitionPenalty()).isEqualTo(1.0f);
            assertThat(v.frequencyPenalty()).isEqualTo(0.0f);
            assertThat(v.maxNewTokens()).isNull();
            assertThat(v.stop()).isEmpty();
            assertThat(v.truncate()).isNull();
            assertThat(v.seed()).isNull();
            assertThat(v.topNTokens()).isZero();
            assertThat(v.returnFullText()).isNull();
            assertThat(v.bestOf()).isEqualTo(1);
            assertThat(v.doSample()).isFalse();
        }

        @Test
        void anEmptyParametersObjectDecodesGreedily() {
            assertThat(fromJson("{}", false).doSample()).isFalse();
        }

        @Test
        void anOmittedParametersObjectSamples() {
            GenerateRequest r = WireJson.read("{\"inputs\":\"hi\"}".getBytes(StandardCharsets.UTF_8), GenerateRequest.class);
            assertThat(Validation.validateParameters(r.inputs(), r.parameters(), LIMITS, false).doSample()).isTrue();
        }

        @Test
        void aWarperAwayFromNeutralSamplesEvenWithoutDoSample() {
            assertThat(valid(b -> b.temperature(0.7f)).doSample()).isTrue();
            assertThat(valid(b -> b.topK(10)).doSample()).isTrue();
            assertThat(valid(b -> b.topP(0.9f)).doSample()).isTrue();
            assertThat(valid(b -> b.typicalP(0.9f)).doSample()).isTrue();
        }

        @Test
        void anExplicitNeutralTemperatureAloneStaysGreedy() {
            assertThat(valid(b -> b.temperature(1.0f)).doSample()).isFalse();
        }

        @Test
        void bestOfZeroIsTreatedAsOneWhenNotStreaming() {
            assertThat(valid(b -> b.bestOf(0L)).bestOf()).isEqualTo(1);
        }

        @Test
        void theRequestedValuesComeThrough() {
            ValidatedParameters v = valid(b -> b.doSample(true).temperature(0.5f).topK(40).topP(0.95f)
                    .typicalP(0.9f).repetitionPenalty(1.1f).frequencyPenalty(-1.5f).maxNewTokens(20L)
                    .stop(List.of("\n", "###")).truncate(1024L).seed(42L).watermark(true).details(true)
                    .decoderInputDetails(true).topNTokens(5L).returnFullText(true).bestOf(2L).seed(null)
                    .adapterId("lora"));
            assertThat(v).isEqualTo(new ValidatedParameters(true, 0.5f, 40, 0.95f, 0.9f, 1.1f, -1.5f, 20L,
                    List.of("\n", "###"), 1024, null, true, true, true, 5, true, 2, null, "lora"));
        }
    }

    @Nested
    class Rules {
        @Test
        void temperatureMustBeStrictlyPositive() {
            assertThat(refusal(b -> b.temperature(0.0f))).isEqualTo("`temperature` must be strictly positive");
            assertThat(refusal(b -> b.temperature(-1.0f))).isEqualTo("`temperature` must be strictly positive");
            valid(b -> b.temperature(0.01f));
        }

        @Test
        void repetitionPenaltyMustBeStrictlyPositive() {
            assertThat(refusal(b -> b.repetitionPenalty(0.0f))).isEqualTo("`repetition_penalty` must be strictly positive");
            valid(b -> b.repetitionPenalty(0.5f));
        }

        @Test
        void frequencyPenaltyMustBeWithinPlusMinusTwoInclusive() {
            assertThat(refusal(b -> b.frequencyPenalty(2.01f))).isEqualTo("`frequency_penalty` must be >= -2.0 and <= 2.0");
            assertThat(refusal(b -> b.frequencyPenalty(-2.01f))).isEqualTo("`frequency_penalty` must be >= -2.0 and <= 2.0");
            valid(b -> b.frequencyPenalty(2.0f));
            valid(b -> b.frequencyPenalty(-2.0f));
        }

        @Test
        void topPIsExclusiveOnBothEndsSoOneIsRefused() {
            assertThat(refusal(b -> b.topP(1.0f))).isEqualTo("`top_p` must be > 0.0 and < 1.0");
            assertThat(refusal(b -> b.topP(0.0f))).isEqualTo("`top_p` must be > 0.0 and < 1.0");
            valid(b -> b.topP(0.99f));
        }

        @Test
        void typicalPIsExclusiveOnBothEnds() {
            assertThat(refusal(b -> b.typicalP(1.0f))).isEqualTo("`typical_p` must be > 0.0 and < 1.0");
            assertThat(refusal(b -> b.typicalP(0.0f))).isEqualTo("`typical_p` must be > 0.0 and < 1.0");
        }

        @Test
        void topKMustBeStrictlyPositive() {
            assertThat(refusal(b -> b.topK(0))).isEqualTo("`top_k` must be strictly positive");
            assertThat(refusal(b -> b.topK(-5))).isEqualTo("`top_k` must be strictly positive");
        }

        @Test
        void maxNewTokensZeroIsRefused() {
            assertThat(refusal(b -> b.maxNewTokens(0L))).isEqualTo("`max_new_tokens` must be strictly positive");
        }

        @Test
        void atMostFourStopSequences() {
            valid(b -> b.stop(List.of("a", "b", "c", "d")));
            assertThat(refusal(b -> b.stop(List.of("a", "b", "c", "d", "e"))))
                    .isEqualTo("`stop` supports up to 4 stop sequences. Given: 5");
        }

        @Test
        void topNTokensAtMostFive() {
            valid(b -> b.topNTokens(5L));
            assertThat(refusal(b -> b.topNTokens(6L))).isEqualTo("`top_n_tokens` must be >= 0 and <= 5. Given: 6");
        }

        @Test
        void inputsCannotBeEmpty() {
            assertThatThrownBy(() -> Validation.validateParameters("", GenerateParameters.builder().build(), LIMITS, false))
                    .isInstanceOf(ValidationException.class).hasMessage("`inputs` cannot be empty");
        }

        @Test
        void truncateMustBeBetweenOneAndMaxInputTokens() {
            assertThat(refusal(b -> b.truncate(0L)))
                    .isEqualTo("`truncate` must be strictly positive and less than 1024. Given: 0");
            assertThat(refusal(b -> b.truncate(1025L)))
                    .isEqualTo("`truncate` must be strictly positive and less than 1024. Given: 1025");
            assertThat(valid(b -> b.truncate(1024L)).truncate()).isEqualTo(1024);
        }
    }

    @Nested
    class BestOf {
        @Test
        void bestOfAboveTheMaximumIsRefused() {
            assertThat(refusal(b -> b.bestOf(3L).doSample(true))).isEqualTo("`best_of` must be > 0 and <= 2. Given: 3");
        }

        @Test
        void bestOfAboveOneNeedsSampling() {
            assertThat(refusal(b -> b.bestOf(2L))).isEqualTo("you must use sampling when `best_of` is > 1");
            assertThat(valid(b -> b.bestOf(2L).topK(5)).bestOf()).isEqualTo(2);
        }

        @Test
        void anyExplicitWarperCountsAsSamplingForBestOfEvenANeutralOne() {
            assertThat(valid(b -> b.bestOf(2L).temperature(1.0f)).bestOf()).isEqualTo(2);
        }

        @Test
        void bestOfAboveOneForbidsASeed() {
            assertThat(refusal(b -> b.bestOf(2L).doSample(true).seed(7L))).isEqualTo("`seed` must not be set when `best_of` > 1");
        }

        @Test
        void bestOfIsRefusedWhenStreamingEvenZero() {
            assertThat(refusal(b -> b.bestOf(2L).doSample(true), true))
                    .isEqualTo("`best_of` != 1 is not supported when streaming tokens");
            assertThat(refusal(b -> b.bestOf(0L), true)).isEqualTo("`best_of` != 1 is not supported when streaming tokens");
            Validation.validateParameters("hi", GenerateParameters.builder().bestOf(1L).build(), LIMITS, true);
        }

        @Test
        void aServerMaximumOfOneDisablesBestOf() {
            Limits one = new Limits(1024, 2048, 4, 1, 5, 4, true);
            GenerateParameters p = GenerateParameters.builder().bestOf(2L).doSample(true).build();
            assertThatThrownBy(() -> Validation.validateParameters("hi", p, one, false))
                    .hasMessage("`best_of` != 1 is not allowed for this endpoint");
        }
    }

    @Nested
    class Streaming {
        @Test
        void decoderInputDetailsAreRefusedWhenStreaming() {
            assertThat(refusal(b -> b.decoderInputDetails(true), true))
                    .isEqualTo("`decoder_input_details` == true is not supported when streaming tokens");
            assertThat(valid(b -> b.decoderInputDetails(true)).decoderInputDetails()).isTrue();
        }
    }

    @Nested
    class Order {
        @Test
        void streamingChecksComeFirst() {
            assertThat(refusal(b -> b.bestOf(2L).temperature(0.0f), true))
                    .isEqualTo("`best_of` != 1 is not supported when streaming tokens");
        }

        @Test
        void bestOfLimitsComeBeforeTheSamplingRule() {
            assertThat(refusal(b -> b.bestOf(3L))).isEqualTo("`best_of` must be > 0 and <= 2. Given: 3");
        }

        @Test
        void samplingRuleComesBeforeTemperature() {
            assertThat(refusal(b -> b.bestOf(2L).topP(1.5f).temperature(0f))).isEqualTo("`temperature` must be strictly positive");
            assertThat(refusal(b -> b.bestOf(2L).repetitionPenalty(0f))).isEqualTo("you must use sampling when `best_of` is > 1");
        }

        @Test
        void parameterRangesAreCheckedInTgisOrder() {
            UnaryOperator<GenerateParameters.Builder> allBad = b -> b.temperature(0f).repetitionPenalty(0f)
                    .frequencyPenalty(3f).topP(1f).typicalP(1f).topK(0).maxNewTokens(0L)
                    .stop(List.of("1", "2", "3", "4", "5")).topNTokens(9L).truncate(0L);
            assertThat(refusal(allBad)).startsWith("`temperature`");
            assertThat(refusal(b -> allBad.apply(b).temperature(1f))).startsWith("`repetition_penalty`");
            assertThat(refusal(b -> allBad.apply(b).temperature(1f).repetitionPenalty(1f))).startsWith("`frequency_penalty`");
            assertThat(refusal(b -> allBad.apply(b).temperature(1f).repetitionPenalty(1f).frequencyPenalty(0f)))
                    .startsWith("`top_p`");
            assertThat(refusal(b -> allBad.apply(b).temperature(1f).repetitionPenalty(1f).frequencyPenalty(0f).topP(0.5f)))
                    .startsWith("`typical_p`");
            assertThat(refusal(b -> allBad.apply(b).temperature(1f).repetitionPenalty(1f).frequencyPenalty(0f).topP(0.5f)
                    .typicalP(0.5f))).startsWith("`top_k`");
            assertThat(refusal(b -> allBad.apply(b).temperature(1f).repetitionPenalty(1f).frequencyPenalty(0f).topP(0.5f)
                    .typicalP(0.5f).topK(1))).startsWith("`max_new_tokens`");
            assertThat(refusal(b -> allBad.apply(b).temperature(1f).repetitionPenalty(1f).frequencyPenalty(0f).topP(0.5f)
                    .typicalP(0.5f).topK(1).maxNewTokens(1L))).startsWith("`stop`");
            assertThat(refusal(b -> allBad.apply(b).temperature(1f).repetitionPenalty(1f).frequencyPenalty(0f).topP(0.5f)
                    .typicalP(0.5f).topK(1).maxNewTokens(1L).stop(List.of()))).startsWith("`top_n_tokens`");
            assertThat(refusal(b -> allBad.apply(b).temperature(1f).repetitionPenalty(1f).frequencyPenalty(0f).topP(0.5f)
                    .typicalP(0.5f).topK(1).maxNewTokens(1L).stop(List.of()).topNTokens(1L))).startsWith("`truncate`");
        }

        @Test
        void emptyInputsAreCheckedAfterTopNTokensAndBeforeTruncate() {
            GenerateParameters badTopN = GenerateParameters.builder().topNTokens(9L).build();
            assertThatThrownBy(() -> Validation.validateParameters("", badTopN, LIMITS, false)).hasMessageStartingWith("`top_n_tokens`");
            GenerateParameters badTruncate = GenerateParameters.builder().truncate(0L).build();
            assertThatThrownBy(() -> Validation.validateParameters("", badTruncate, LIMITS, false))
                    .hasMessage("`inputs` cannot be empty");
        }
    }

    @Nested
    class Length {
        static TokenBudget budget(int tokens, UnaryOperator<GenerateParameters.Builder> params) {
            return Validation.validateLength(tokens, valid(params), LIMITS);
        }

        static String lengthRefusal(int tokens, UnaryOperator<GenerateParameters.Builder> params) {
            return catchThrowableOfType(ValidationException.class, () -> budget(tokens, params)).getMessage();
        }

        @Test
        void unsetMaxNewTokensMeansEverythingThatFits() {
            assertThat(budget(48, b -> b)).isEqualTo(new TokenBudget(48, 2000));
        }

        @Test
        void aRequestedMaxNewTokensIsKept() {
            assertThat(budget(48, b -> b.maxNewTokens(20L))).isEqualTo(new TokenBudget(48, 20));
        }

        @Test
        void theTotalRuleChecksAtMostOneChunkOfNewTokensAsTgiThreeTwoDoes() {
            assertThat(lengthRefusal(1100, b -> b.maxNewTokens(900L)))
                    .isEqualTo("`inputs` must have less than 1024 tokens. Given: 1100");
            assertThat(lengthRefusal(1030, b -> b.maxNewTokens(5000L)))
                    .isEqualTo("`inputs` tokens + `max_new_tokens` must be <= 2048. Given: 1030 `inputs` tokens and 1024 `max_new_tokens`");
            assertThat(budget(1000, b -> b.maxNewTokens(1049L))).isEqualTo(new TokenBudget(1000, 1048));
            assertThat(budget(10, b -> b.maxNewTokens(5000L))).isEqualTo(new TokenBudget(10, 2038));
        }

        @Test
        void theTotalRuleIsCheckedBeforeTheInputRule() {
            assertThat(lengthRefusal(2100, b -> b))
                    .isEqualTo("`inputs` tokens + `max_new_tokens` must be <= 2048. Given: 2100 `inputs` tokens and 0 `max_new_tokens`");
            assertThat(lengthRefusal(1030, b -> b.maxNewTokens(1019L)))
                    .isEqualTo("`inputs` tokens + `max_new_tokens` must be <= 2048. Given: 1030 `inputs` tokens and 1019 `max_new_tokens`");
        }

        @Test
        void anInputAtTheInputLimitPasses() {
            assertThat(budget(1024, b -> b)).isEqualTo(new TokenBudget(1024, 1024));
            assertThat(lengthRefusal(1025, b -> b)).isEqualTo("`inputs` must have less than 1024 tokens. Given: 1025");
        }

        @Test
        void truncateCountsOnlyTheKeptTokens() {
            assertThat(budget(5000, b -> b.truncate(1000L))).isEqualTo(new TokenBudget(1000, 1048));
            assertThat(budget(10, b -> b.truncate(1000L))).isEqualTo(new TokenBudget(10, 2038));
        }
    }

    @Nested
    class Grammars {
        static Grammar grammar(String json) {
            GenerateRequest r = WireJson.read(("{\"inputs\":\"hi\",\"parameters\":{\"grammar\":" + json + "}}")
                    .getBytes(StandardCharsets.UTF_8), GenerateRequest.class);
            return Validation.validateGrammar(r.parameters().grammar(), LIMITS);
        }

        static String grammarRefusal(String json) {
            return catchThrowableOfType(ValidationException.class, () -> grammar(json)).getMessage();
        }

        @Test
        void noGrammarIsNull() {
            assertThat(grammar("null")).isNull();
        }

        @Test
        void aJsonSchemaObjectWithPropertiesIsAccepted() {
            Grammar g = grammar("{\"type\":\"json\",\"value\":{\"properties\":{\"a\":{\"type\":\"string\"}}}}");
            assertThat(g.type()).isEqualTo(Grammar.Type.JSON);
            assertThat(g.schema().has("properties")).isTrue();
        }

        @Test
        void aSchemaSentAsAStringIsParsedAndJsonObjectIsAnAlias() {
            Grammar g = grammar("{\"type\":\"json_object\",\"value\":\"{\\\"properties\\\":{}}\"}");
            assertThat(g.schema().has("properties")).isTrue();
        }

        @Test
        void aJsonSchemaConfigHandsOverItsSchema() {
            Grammar g = grammar("{\"type\":\"json_schema\",\"value\":{\"name\":\"x\",\"schema\":{\"properties\":{}}}}");
            assertThat(g.schema().has("properties")).isTrue();
        }

        @Test
        void openAisOwnShapesAreReadABareJsonObjectAndAJsonSchemaUnderItsOwnField() {
            assertThat(grammar("{\"type\":\"json_object\"}")).isEqualTo(new Grammar(Grammar.Type.JSON_OBJECT, null, null));
            Grammar g = grammar("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"strict\":true,"
                    + "\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{}}}}}");
            assertThat(g.type()).isEqualTo(Grammar.Type.JSON);
            assertThat(g.schema().path("properties").has("a")).isTrue();
        }

        @Test
        void aRegexIsAccepted() {
            assertThat(grammar("{\"type\":\"regex\",\"value\":\"[a-z]+\"}")).isEqualTo(new Grammar(Grammar.Type.REGEX, null, "[a-z]+"));
        }

        @Test
        void aSchemaWithoutPropertiesIsRefused() {
            assertThat(grammarRefusal("{\"type\":\"json\",\"value\":{\"type\":\"object\"}}"))
                    .isEqualTo("grammar is not valid: Grammar must have a 'properties' field");
            assertThat(grammarRefusal("{\"type\":\"json_schema\",\"value\":{\"schema\":{}}}"))
                    .isEqualTo("grammar is not valid: Grammar must have a 'properties' field");
        }

        @Test
        void aSchemaStringThatIsNotJsonIsInvalid() {
            assertThat(grammarRefusal("{\"type\":\"json\",\"value\":\"{nope\"}")).startsWith("grammar is not valid: ");
        }

        @Test
        void aJsonGrammarValueThatIsNeitherObjectNorStringIsNotSupported() {
            assertThat(grammarRefusal("{\"type\":\"json\",\"value\":5}")).isEqualTo("grammar is not supported");
        }

        @Test
        void grammarsAreRefusedWhenDisabled() {
            Limits noGrammar = new Limits(1024, 2048, 4, 2, 5, 4, false);
            GenerateParameters p = GenerateParameters.builder().grammar(
                    WireJson.toTree(java.util.Map.of("type", "regex", "value", "a"))).build();
            assertThatThrownBy(() -> Validation.validateGrammar(p.grammar(), noGrammar)).hasMessage("grammar is not supported");
        }

        @Test
        void aGrammarOfTheWrongShapeIsABodyRejection() {
            for (String bad : new String[] {"5", "{\"value\":{}}", "{\"type\":\"xml\",\"value\":1}", "{\"type\":\"json\"}",
                    "{\"type\":\"regex\",\"value\":1}", "{\"type\":\"json_schema\",\"value\":{}}"}) {
                var e = catchThrowableOfType(dev.hearth.api.BodyRejection.class, () -> grammar(bad));
                assertThat(e).as(bad).isNotNull();
                assertThat(e.status()).as(bad).isEqualTo(422);
                assertThat(e.body()).as(bad).contains("parameters.grammar: ");
            }
        }
    }

    @Test
    void limitsRequireRoomForANewToken() {
        assertThatThrownBy(() -> Limits.of(2048, 2048)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Limits.of(1024, 2048)).isEqualTo(new Limits(1024, 2048, 4, 2, 5, 4, true));
    }
}
