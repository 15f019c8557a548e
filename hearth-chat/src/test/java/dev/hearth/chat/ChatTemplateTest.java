package dev.hearth.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The public API: Java values in, errors out, and the globals transformers provides. */
class ChatTemplateTest {
    private static String render(String template, Map<String, Object> variables) {
        return ChatTemplate.compile(template).render(variables);
    }

    @Test
    void javaNumbersPrintAsPythonIntsAndFloats() {
        Map<String, Object> vars = Map.of("i", 3, "l", 4L, "d", 2.0, "big", new BigInteger("5"), "dec", new BigDecimal("0.25"));
        assertThat(render("{{ i }} {{ l }} {{ d }} {{ big }} {{ dec }} {{ i / 2 }} {{ i * d }}", vars)).isEqualTo("3 4 2.0 5 0.25 1.5 6.0");
    }

    @Test
    void nullValuesAndImmutableCollectionsAreAccepted() {
        Map<String, Object> message = new HashMap<>();
        message.put("role", "assistant");
        message.put("content", null);
        assertThat(render("{{ m.content }} {{ m.content is none }} {{ xs|length }}", Map.of("m", message, "xs", List.of(1, 2))))
                .isEqualTo("None True 2");
    }

    @Test
    void strftimeNowFormatsTheCurrentTimeWithPythonDirectives() {
        Clock clock = Clock.fixed(Instant.parse("2024-07-05T09:03:07Z"), ZoneOffset.UTC);
        String rendered = ChatTemplate.compile("{{ strftime_now('%Y-%m-%d %H:%M:%S %a %A %b %B %-d %j %p %y %%') }}")
                .withClock(clock).render(Map.of());
        assertThat(rendered).isEqualTo("2024-07-05 09:03:07 Fri Friday Jul July 5 187 AM 24 %");
    }

    @Test
    void aTemplateCanBeRenderedManyTimesWithDifferentVariables() {
        ChatTemplate template = ChatTemplate.compile("{% for m in messages %}{{ m.content }}{% endfor %}");
        assertThat(template.render(Map.of("messages", List.of(Map.of("content", "a"))))).isEqualTo("a");
        assertThat(template.render(Map.of("messages", List.of(Map.of("content", "b"))))).isEqualTo("b");
    }

    @Test
    void extraVariablesSuchAsToolsAreVisible() {
        Map<String, Object> tool = Map.of("name", "lookup");
        assertThat(render("{% if tools %}{{ tools|map(attribute='name')|join(',') }}{% endif %}", Map.of("tools", List.of(tool))))
                .isEqualTo("lookup");
    }

    // ---- errors ----

    @Test
    void syntaxErrorsNameLineAndColumn() {
        assertThatThrownBy(() -> ChatTemplate.compile("{% if x %}\n  {{ 1 + }}\n{% endif %}"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("unexpected 'end of print statement' (line 2, column 10)");
    }

    @Test
    void unclosedBlocksNameTheTagsJinjaWasLookingFor() {
        assertThatThrownBy(() -> ChatTemplate.compile("{% for m in messages %}{{ m }}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("Unexpected end of template. Jinja was looking for the following tags: 'else' or 'endfor'");
    }

    @Test
    void unknownTagsAreSyntaxErrors() {
        assertThatThrownBy(() -> ChatTemplate.compile("ok\n{% include 'other.jinja' %}"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Encountered unknown tag 'include' (line 2, column 4)");
    }

    @Test
    void unterminatedStringsAndCommentsAreSyntaxErrors() {
        assertThatThrownBy(() -> ChatTemplate.compile("{{ 'abc }}")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> ChatTemplate.compile("{# never closed")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("Missing end of comment tag");
    }

    @Test
    void unknownFiltersFailAtCompileTime() {
        assertThatThrownBy(() -> ChatTemplate.compile("{{ messages|frobnicate }}"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("No filter named 'frobnicate'. (line 1)");
    }

    @Test
    void unknownFiltersInsideIfBlocksFailOnlyWhenReached() {
        ChatTemplate template = ChatTemplate.compile("{% if go %}{{ 'x'|frobnicate }}{% endif %}done");
        assertThat(template.render(Map.of("go", false))).isEqualTo("done");
        assertThatThrownBy(() -> template.render(Map.of("go", true)))
                .isInstanceOf(TemplateException.class)
                .hasMessage("No filter named 'frobnicate' found. (line 1)");
    }

    @Test
    void raiseExceptionMessagesAreKeptVerbatim() {
        assertThatThrownBy(() -> render("line one\n{{ raise_exception('Only user and assistant roles are supported!') }}", Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Only user and assistant roles are supported!");
    }

    @Test
    void renderErrorsNameTheLineOfTheFailingStatement() {
        assertThatThrownBy(() -> render("{{ 'fine' }}\n{% for m in messages %}\n{{ m.content + 1 }}\n{% endfor %}",
                Map.of("messages", List.of(Map.of("content", "text")))))
                .isInstanceOf(TemplateException.class)
                .hasMessage("can only concatenate str (not \"int\") to str (line 3)");
    }

    @Test
    void attributesOfUndefinedValuesFailAsInJinja() {
        assertThatThrownBy(() -> render("{{ tools.function }}", Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessage("'tools' is undefined (line 1)");
    }

    @Test
    void theSandboxRefusesToMutateValues() {
        assertThatThrownBy(() -> render("{{ messages.append({}) }}", Map.of("messages", List.of())))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("access to attribute 'append' of 'list' object is unsafe.");
    }

    @Test
    void hugeRangesAreRefused() {
        assertThatThrownBy(() -> render("{% for i in range(1000000) %}{% endfor %}", Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("Range too big.");
    }
}
