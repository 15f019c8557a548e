package dev.hearth.chat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled Hugging Face chat template ({@code chat_template} in tokenizer_config.json, or GGUF
 * {@code tokenizer.chat_template}), rendered the way {@code transformers.apply_chat_template} does:
 * Jinja2 with {@code trim_blocks} and {@code lstrip_blocks}, the default (lenient) undefined, an
 * immutable sandbox, and the globals {@code raise_exception(msg)} and {@code strftime_now(fmt)}.
 *
 * <p>Instances are immutable and may render concurrently.
 */
public final class ChatTemplate {
    private final List<Node> body;
    private final Clock clock;

    private ChatTemplate(List<Node> body, Clock clock) {
        this.body = body;
        this.clock = clock;
    }

    /**
     * Compiles template source.
     *
     * @throws TemplateException on a syntax error, naming its line and column, or on a filter or
     *     test that does not exist (outside {@code if} blocks, where Jinja defers that check)
     */
    public static ChatTemplate compile(String source) {
        Objects.requireNonNull(source, "source");
        List<Node> body = Parser.parse(source);
        NameCheck.check(body);
        return new ChatTemplate(body, Clock.systemDefaultZone());
    }

    /** The same template reading the time for {@code strftime_now} from {@code clock}. */
    ChatTemplate withClock(Clock clock) {
        return new ChatTemplate(body, clock);
    }

    /**
     * Renders with the given variables, typically {@code messages}, {@code add_generation_prompt},
     * {@code bos_token}, {@code eos_token} and optionally {@code tools}. Values must be plain Java:
     * String, Boolean, Number, List, Map or null.
     *
     * @throws TemplateException when rendering fails; a message from the template's own
     *     {@code raise_exception} is kept verbatim
     */
    public String render(Map<String, Object> variables) {
        Objects.requireNonNull(variables, "variables");
        return new Renderer(Globals.create(clock)).render(body, variables);
    }
}
