package dev.hearth.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Small templates, one feature each, whose expected output was produced by Python's jinja2 3.1
 * configured as transformers configures it (ImmutableSandboxedEnvironment, trim_blocks,
 * lstrip_blocks, loopcontrols, transformers' tojson and raise_exception). Variables come from JSON,
 * so numbers arrive as Integer and Double, as they would from a parsed request.
 */
class JinjaConformanceTest {
    record Case(String name, String template, Map<String, Object> variables, String expected, String error) { }

    static Stream<Named<Case>> cases() throws IOException {
        try (InputStream in = JinjaConformanceTest.class.getResourceAsStream("/jinja-conformance.json")) {
            List<Case> cases = new ObjectMapper().readValue(in, new TypeReference<>() { });
            return cases.stream().map(c -> Named.of(c.name(), c));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersLikePythonJinja(Case c) {
        if (c.error() == null) {
            assertThat(ChatTemplate.compile(c.template()).render(c.variables())).isEqualTo(c.expected());
        } else {
            assertThatThrownBy(() -> ChatTemplate.compile(c.template()).render(c.variables()))
                    .isInstanceOf(TemplateException.class)
                    .hasMessageContaining(c.error().split("\\. ")[0].replaceAll("\\.$", ""));
        }
    }
}
