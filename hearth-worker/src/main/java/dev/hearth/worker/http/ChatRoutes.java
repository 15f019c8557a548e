package dev.hearth.worker.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.ApiException;
import dev.hearth.api.WireJson;
import dev.hearth.api.openai.AssistantMessage;
import dev.hearth.api.openai.ChatCompletion;
import dev.hearth.api.openai.ChatCompletionChunk;
import dev.hearth.api.openai.ChatDelta;
import dev.hearth.api.openai.ChatLogprobs;
import dev.hearth.api.openai.ChatRequest;
import dev.hearth.api.openai.OpenAiErrorEvent;
import dev.hearth.api.openai.OpenAiMapping;
import dev.hearth.api.openai.Usage;
import dev.hearth.api.tgi.ChatTokenizeResponse;
import dev.hearth.api.tgi.GenerateParameters;
import dev.hearth.engine.batch.Generation;
import dev.hearth.worker.HearthVersion;
import dev.hearth.worker.chat.ChatPromptRenderer;
import dev.hearth.worker.generation.Admission;
import dev.hearth.worker.generation.Completion;
import dev.hearth.worker.generation.PreparedRequest;
import dev.hearth.worker.generation.TextGenerationService;
import dev.hearth.worker.metrics.RequestMetrics;
import dev.hearth.serving.ClientConnection;
import dev.hearth.serving.RouteKey;
import dev.hearth.serving.Routes;
import io.javalin.http.Context;

import java.util.List;


/** {@code POST /v1/chat/completions}, as TGI serves it (tgi-api.md §3.1). */
public final class ChatRoutes {

    private final TextGenerationService service;
    private final Admission admission;
    private final RequestMetrics metrics;
    private final ChatPromptRenderer renderer;
    private final String modelId;

    public ChatRoutes(TextGenerationService service, Admission admission, RequestMetrics metrics,
                      ChatPromptRenderer renderer, String modelId) {
        this.service = service;
        this.admission = admission;
        this.metrics = metrics;
        this.renderer = renderer;
        this.modelId = modelId;
    }

    /** The routes {@link #register} binds, declared before the model loads (see WorkerRuntime#routes). */
    public static final List<RouteKey> ROUTES = List.of(RouteKey.post("/v1/chat/completions"), RouteKey.post("/chat_tokenize"));

    public void register(Routes routes) {
        routes.post("/v1/chat/completions", this::chat);
        routes.post("/chat_tokenize", ctx -> {
            ChatRequest req = Bodies.read(ctx, ChatRequest.class);
            String prompt = renderer.render(req.messages(), null);
            ServiceRoutes.json(ctx, new ChatTokenizeResponse(ServiceRoutes.tokenize(service.tokenizer(), prompt, false), prompt));
        });
    }

    private void chat(Context ctx) {
        RequestMetrics.Request m = metrics.start();
        try (Admission.Permit permit = admission.acquire()) {
            ChatRequest req = Bodies.read(ctx, ChatRequest.class);
            // Checks TGI makes before it streams: tools, grammar shape, the template. These are plain 422s.
            GenerateParameters params = OpenAiMapping.chatParameters(req);
            refuseTools(req);
            String prompt = renderer.render(req.messages(), null);
            String model = OpenAiMapping.chatModel(req, modelId);
            long created = System.currentTimeMillis() / 1000;
            if (req.stream()) stream(ctx, m, req, params, prompt, model, created);
            else complete(ctx, m, req, params, prompt, model, created);
        } catch (TextGenerationService.Abandoned e) {
            m.failed("dropped");
            throw e;
        } catch (ApiException e) {
            m.failed(e.errorType());
            throw e;
        }
    }

    private void complete(Context ctx, RequestMetrics.Request m, ChatRequest req, GenerateParameters params,
                          String prompt, String model, long created) {
        PreparedRequest prepared = service.prepare(prompt, params, false, false);
        m.validated(prepared);
        Completion c = service.complete(prepared, ClientConnection.gone(ctx));
        m.finished(c.result());
        ChatLogprobs logprobs = req.wantsLogprobs()
                ? ChatLogprobs.of(c.tokens().stream().map(TgiMapping::token).toList(),
                        c.tokens().stream().map(TgiMapping::topTokens).toList())
                : null;
        String finish = TgiMapping.finishReason(c.result().finishReason()).openAi();
        m.headers(ctx, c.result(), prompt.length());
        ServiceRoutes.json(ctx, ChatCompletion.of(model, HearthVersion.VERSION, created,
                AssistantMessage.text(c.result().text()), logprobs, finish,
                Usage.of(c.result().inputTokens(), c.result().generatedTokens(), c.result().cachedTokens())));
    }

    private void stream(Context ctx, RequestMetrics.Request m, ChatRequest req, GenerateParameters params,
                        String prompt, String model, long created) {
        SseStream sse = SseStream.open(ctx);
        try {
            PreparedRequest prepared = service.prepare(prompt, params, true, false);
            m.validated(prepared);
            Generation g = service.start(prepared);
            boolean completed = EventPump.pump(g, sse, t -> {
                var token = TgiMapping.token(t.token());
                // A special token (EOS) streams as empty content, as TGI does.
                String content = t.token().special() ? "" : t.token().text();
                ChatLogprobs logprobs = req.wantsLogprobs() ? ChatLogprobs.of(token, TgiMapping.topTokens(t.token())) : null;
                String finish = t.last() ? TgiMapping.finishReason(t.result().finishReason()).openAi() : null;
                sse.data(WireJson.write(ChatCompletionChunk.token(model, HearthVersion.VERSION, created,
                        ChatDelta.content(content), logprobs, finish)));
                if (t.last()) {
                    m.finished(t.result());
                    if (req.streamOptions() != null && req.streamOptions().includeUsage()) {
                        sse.data(WireJson.write(ChatCompletionChunk.usage(model, HearthVersion.VERSION, created,
                                Usage.of(t.result().inputTokens(), t.result().generatedTokens(), t.result().cachedTokens()))));
                    }
                }
            }, failed -> {
                m.failed("generation");
                sse.data(WireJson.write(OpenAiErrorEvent.of("Request failed during generation: " + failed.message())));
            });
            if (!completed) {
                m.failed("dropped");
                return;
            }
        } catch (ApiException e) {
            m.failed(e.errorType());
            GenerateRoutes.sendQuietly(sse, WireJson.write(OpenAiErrorEvent.of(e)));
        }
        GenerateRoutes.sendQuietly(sse, "[DONE]");
    }

    /**
     * Tools need constrained decoding, which this engine does not do yet; TGI would force a JSON grammar. A request
     * that lists tools but opts out of them ({@code tool_choice: "none"}) is served as plain chat.
     */
    private static void refuseTools(ChatRequest req) {
        if (req.tools() == null || req.tools().isEmpty()) return;
        JsonNode choice = req.toolChoice();
        if (choice != null && choice.isTextual() && choice.textValue().equals("none")) return;
        throw ApiException.toolError("tools are not supported by this server yet (no constrained decoding); "
                + "send tool_choice \"none\" or leave tools out");
    }

}
