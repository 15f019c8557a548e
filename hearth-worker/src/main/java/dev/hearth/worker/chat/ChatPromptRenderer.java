package dev.hearth.worker.chat;

import dev.hearth.api.ApiException;
import dev.hearth.api.WireJson;
import dev.hearth.api.openai.ChatMessage;
import dev.hearth.api.openai.Tool;
import dev.hearth.chat.ChatTemplate;
import dev.hearth.chat.PromptBuilder;
import dev.hearth.chat.PromptBuilders;
import dev.hearth.chat.TemplateException;
import dev.hearth.engine.ModelDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns chat messages into the prompt text the model expects: with an EasyLLM prompt builder when the operator
 * chose one, otherwise with the model's own Jinja chat template, as {@code transformers.apply_chat_template} renders
 * it ({@code add_generation_prompt=true}, {@code bos_token}, {@code eos_token}).
 */
public final class ChatPromptRenderer {

    private static final Logger log = LoggerFactory.getLogger(ChatPromptRenderer.class);

    private final PromptBuilder builder;
    private final ChatTemplate template;
    private final String bosToken;
    private final String eosToken;
    private final String problem;
    /** TGI's test: a template that never names {@code tools} gets them as text in the last message instead. */
    private final boolean templateTakesTools;

    private ChatPromptRenderer(PromptBuilder builder, ChatTemplate template, String bosToken, String eosToken, String problem,
                               boolean templateTakesTools) {
        this.builder = builder;
        this.template = template;
        this.templateTakesTools = templateTakesTools;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.problem = problem;
    }

    /**
     * @param builderName an EasyLLM builder name; an unknown one is refused at startup with the list of names
     */
    public static ChatPromptRenderer forModel(ModelDescription model, Optional<String> builderName) {
        if (builderName.isPresent()) {
            return new ChatPromptRenderer(PromptBuilders.byName(builderName.get()), null, model.bosText(), model.eosText(), null, false);
        }
        if (model.chatTemplate().isEmpty()) {
            return new ChatPromptRenderer(null, null, model.bosText(), model.eosText(),
                    "the model has no chat template; start the worker with --prompt-builder NAME, one of "
                            + String.join(", ", PromptBuilders.names()), false);
        }
        try {
            return new ChatPromptRenderer(null, ChatTemplate.compile(model.chatTemplate().get()),
                    model.bosText(), model.eosText(), null, model.chatTemplate().get().contains("tools"));
        } catch (TemplateException e) {
            log.warn("the model's chat template does not compile ({}); chat requests will be refused", e.getMessage());
            return new ChatPromptRenderer(null, null, model.bosText(), model.eosText(),
                    "the model's chat template does not compile: " + e.getMessage(), false);
        }
    }

    /** Which renderer is in use, for logs and /info-like reports. */
    public String describe() {
        if (builder != null) return "prompt builder " + builder.name();
        return template != null ? "model chat template" : "none (" + problem + ")";
    }

    /** A prompt without tools. */
    public String render(List<ChatMessage> messages) {
        return render(messages, null, null);
    }

    /**
     * Renders the messages, and when {@code tools} is given, offers them as TGI does: a template that takes
     * {@code tools} receives them (in OpenAI's {@code {"type","function":{"name","description","parameters"}}}
     * form) and the last message gets {@code "\n---\n" + toolPrompt}; any other template or builder gets the
     * tools' JSON in the last message, {@code "\n---\n" + tools + "\n" + toolPrompt}.
     *
     * @throws ApiException 422 {@code template_error} when the messages cannot be rendered
     */
    public String render(List<ChatMessage> messages, List<Tool> tools, String toolPrompt) {
        try {
            List<Object> toolValues = tools == null ? null : tools.stream().map(ChatPromptRenderer::toolValue).toList();
            List<String> texts = new ArrayList<>(messages.size());
            for (ChatMessage m : messages) texts.add(m.text());
            if (tools != null && !texts.isEmpty() && messages.getLast().content() != null) {
                String offer = templateTakesTools ? "\n---\n" + toolPrompt
                        : "\n---\n" + WireJson.write(toolValues) + "\n" + toolPrompt;
                texts.set(texts.size() - 1, texts.getLast() + offer);
            }
            if (builder != null) {
                List<dev.hearth.chat.ChatMessage> plain = new ArrayList<>(messages.size());
                for (int i = 0; i < messages.size(); i++) plain.add(new dev.hearth.chat.ChatMessage(messages.get(i).role(), texts.get(i)));
                return builder.build(plain);
            }
            if (template == null) throw templateError(problem);
            Map<String, Object> vars = new HashMap<>();
            List<Object> list = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                ChatMessage m = messages.get(i);
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("role", m.role());
                one.put("content", texts.get(i));
                if (m.name() != null) one.put("name", m.name());
                if (m.toolCalls() != null) one.put("tool_calls", WireJson.convert(m.toolCalls(), Object.class));
                if (m.toolCallId() != null) one.put("tool_call_id", m.toolCallId());
                list.add(one);
            }
            vars.put("messages", list);
            vars.put("add_generation_prompt", true);
            vars.put("bos_token", bosToken);
            vars.put("eos_token", eosToken);
            if (toolValues != null) vars.put("tools", toolValues);
            return template.render(vars);
        } catch (TemplateException | IllegalArgumentException e) {
            throw templateError(e.getMessage());
        }
    }

    private static Object toolValue(Tool tool) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", tool.function().name());
        if (tool.function().description() != null) function.put("description", tool.function().description());
        function.put("parameters", tool.function().arguments() == null ? Map.of()
                : WireJson.convert(tool.function().arguments(), Object.class));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", tool.type());
        out.put("function", function);
        return out;
    }

    private static ApiException templateError(String detail) {
        return new ApiException(422, "template_error", "Template error: " + detail);
    }
}
