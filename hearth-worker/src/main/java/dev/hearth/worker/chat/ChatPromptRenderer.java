package dev.hearth.worker.chat;

import dev.hearth.api.ApiException;
import dev.hearth.api.openai.ChatMessage;
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

    private ChatPromptRenderer(PromptBuilder builder, ChatTemplate template, String bosToken, String eosToken, String problem) {
        this.builder = builder;
        this.template = template;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.problem = problem;
    }

    /**
     * @param builderName an EasyLLM builder name; an unknown one is refused at startup with the list of names
     */
    public static ChatPromptRenderer forModel(ModelDescription model, Optional<String> builderName) {
        if (builderName.isPresent()) {
            return new ChatPromptRenderer(PromptBuilders.byName(builderName.get()), null, model.bosText(), model.eosText(), null);
        }
        if (model.chatTemplate().isEmpty()) {
            return new ChatPromptRenderer(null, null, model.bosText(), model.eosText(),
                    "the model has no chat template; start the worker with --prompt-builder NAME, one of "
                            + String.join(", ", PromptBuilders.names()));
        }
        try {
            return new ChatPromptRenderer(null, ChatTemplate.compile(model.chatTemplate().get()),
                    model.bosText(), model.eosText(), null);
        } catch (TemplateException e) {
            log.warn("the model's chat template does not compile ({}); chat requests will be refused", e.getMessage());
            return new ChatPromptRenderer(null, null, model.bosText(), model.eosText(),
                    "the model's chat template does not compile: " + e.getMessage());
        }
    }

    /** Which renderer is in use, for logs and /info-like reports. */
    public String describe() {
        if (builder != null) return "prompt builder " + builder.name();
        return template != null ? "model chat template" : "none (" + problem + ")";
    }

    /**
     * @param tools the request's tools as plain JSON values, passed to the template as {@code tools}; may be null
     * @throws ApiException 422 {@code template_error} when the messages cannot be rendered
     */
    public String render(List<ChatMessage> messages, List<Object> tools) {
        try {
            if (builder != null) {
                List<dev.hearth.chat.ChatMessage> plain = new ArrayList<>(messages.size());
                for (ChatMessage m : messages) plain.add(new dev.hearth.chat.ChatMessage(m.role(), m.text()));
                return builder.build(plain);
            }
            if (template == null) throw templateError(problem);
            Map<String, Object> vars = new HashMap<>();
            List<Object> list = new ArrayList<>(messages.size());
            for (ChatMessage m : messages) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("role", m.role());
                one.put("content", m.text());
                if (m.name() != null) one.put("name", m.name());
                list.add(one);
            }
            vars.put("messages", list);
            vars.put("add_generation_prompt", true);
            vars.put("bos_token", bosToken);
            vars.put("eos_token", eosToken);
            if (tools != null) vars.put("tools", tools);
            return template.render(vars);
        } catch (TemplateException | IllegalArgumentException e) {
            throw templateError(e.getMessage());
        }
    }

    private static ApiException templateError(String detail) {
        return new ApiException(422, "template_error", "Template error: " + detail);
    }
}
