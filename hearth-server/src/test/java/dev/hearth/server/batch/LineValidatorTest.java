package dev.hearth.server.batch;

import dev.hearth.server.ServerJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The input file's checks, each reported with its 1-based line number. */
class LineValidatorTest {

    static final String CHAT = "/v1/chat/completions";
    final LineValidator validator = new LineValidator(ServerJson.MAPPER);
    final LineValidator.ModelResolver models = model -> model.equals("known")
            ? LineValidator.Resolution.to("endpoint:alice/known") : LineValidator.Resolution.refused("no model " + model);

    static String line(String customId, String method, String url, String body) {
        return "{\"custom_id\":" + customId + ",\"method\":" + method + ",\"url\":" + url + ",\"body\":" + body + "}";
    }

    static String good(String id) {
        return line("\"" + id + "\"", "\"POST\"", "\"" + CHAT + "\"", "{\"model\":\"known\",\"messages\":[]}");
    }

    LineValidator.Result validate(String... lines) {
        return validator.validate(String.join("\n", lines).getBytes(StandardCharsets.UTF_8), CHAT, models);
    }

    @Test
    void aValidFileGivesItsLinesWithNumbersTargetsAndBodies() {
        LineValidator.Result r = validate(good("a"), "", good("b"), "");
        assertThat(r.valid()).isTrue();
        assertThat(r.lines()).extracting(BatchLine::line).containsExactly(1, 3);
        assertThat(r.lines()).extracting(BatchLine::customId).containsExactly("a", "b");
        assertThat(r.lines()).extracting(BatchLine::target).containsOnly("endpoint:alice/known");
        assertThat(r.lines().getFirst().body()).isEqualTo("{\"model\":\"known\",\"messages\":[]}");
    }

    @Test
    void eachKindOfBadLineIsReportedWithItsLineNumberCodeAndParam() {
        LineValidator.Result r = validate(
                good("ok"),
                "{\"custom_id\":",
                "[1,2]",
                line("null", "\"POST\"", "\"" + CHAT + "\"", "{\"model\":\"known\"}"),
                good("ok"),
                line("\"get\"", "\"GET\"", "\"" + CHAT + "\"", "{\"model\":\"known\"}"),
                line("\"url\"", "\"POST\"", "\"/v1/embeddings\"", "{\"model\":\"known\"}"),
                line("\"body\"", "\"POST\"", "\"" + CHAT + "\"", "\"text\""),
                line("\"nomodel\"", "\"POST\"", "\"" + CHAT + "\"", "{\"messages\":[]}"),
                line("\"unknown\"", "\"POST\"", "\"" + CHAT + "\"", "{\"model\":\"gpt-9\"}"),
                line("\"stream\"", "\"POST\"", "\"" + CHAT + "\"", "{\"model\":\"known\",\"stream\":true}"));
        assertThat(r.valid()).isFalse();
        assertThat(r.lines()).as("no line of a failed file is kept").isEmpty();
        assertThat(r.problems()).extracting(LineValidator.Problem::line).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(r.problems()).extracting(LineValidator.Problem::code).containsExactly("invalid_json_line",
                "invalid_json_line", "missing_required_parameter", "duplicate_custom_id", "invalid_method",
                "mismatched_endpoint", "invalid_body", "missing_required_parameter", "model_not_found", "invalid_body");
        assertThat(r.problems()).extracting(LineValidator.Problem::param).containsExactly(null, null, "custom_id",
                "custom_id", "method", "url", "body", "body.model", "body.model", "body.stream");
        assertThat(r.problems().get(8).message()).contains("no model gpt-9");
        assertThat(r.problems().get(5).message()).contains("/v1/embeddings").contains(CHAT);
    }

    @Test
    void anEmptyFileIsAProblemWithoutALine() {
        LineValidator.Result r = validate("", "  ");
        assertThat(r.problems()).extracting(LineValidator.Problem::code).containsExactly("empty_file");
        assertThat(r.problems().getFirst().line()).isNull();
    }

    @Test
    void aFileOfBadLinesReportsAtMostTheFirstHundred() {
        String[] lines = new String[150];
        java.util.Arrays.fill(lines, "nope");
        LineValidator.Result r = validate(lines);
        assertThat(r.problems()).hasSize(LineValidator.MAX_ERRORS);
        assertThat(r.problems().getLast().line()).isEqualTo(100);
    }

    @Test
    void eachModelIsResolvedOncePerFile() {
        List<String> asked = new java.util.ArrayList<>();
        LineValidator.Result r = validator.validate(String.join("\n", good("a"), good("b"), good("c"))
                .getBytes(StandardCharsets.UTF_8), CHAT, m -> { asked.add(m); return models.resolve(m); });
        assertThat(r.valid()).isTrue();
        assertThat(asked).containsExactly("known");
    }

    @Test
    void windowsLineEndsAreAcceptedAndLinesCountedAsWritten() {
        LineValidator.Result r = validate(good("a") + "\r", "bad\r", good("c"));
        assertThat(r.problems()).extracting(LineValidator.Problem::line).containsExactly(2);
    }
}
