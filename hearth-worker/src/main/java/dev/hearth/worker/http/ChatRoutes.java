package dev.hearth.worker.http;

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
import dev.hearth.api.openai.ToolCall;
import dev.hearth.engine.batch.Generation;
import dev.hearth.engine.batch.GenerationEvent;
import dev.hearth.worker.chat.ToolCallText;
import dev.hearth.worker.chat.ToolSelection;
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
import java.util.Map;


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
            ToolSelection tools = ToolSelection.select(req.tools(), req.toolChoice());
            String prompt = tools == null ? renderer.render(req.messages()) : renderer.render(req.messages(), tools.tools(), toolPrompt(req));
            ServiceRoutes.json(ctx, new ChatTokenizeResponse(ServiceRoutes.tokenize(service.tokenizer(), prompt, false), prompt));
        });
    }

    private void chat(Context ctx) {
        RequestMetrics.Request m = metrics.start();
        try (Admission.Permit permit = admission.acquire()) {
            ChatRequest req = Bodies.read(ctx, ChatRequest.class);
            // Checks TGI makes before it streams: tools, grammar shape, the template. These are plain 422s.
            GenerateParameters params = OpenAiMapping.chatParameters(req);
            ToolSelection tools = ToolSelection.select(req.tools(), req.toolChoice());
            String prompt;
            if (tools == null) {
                prompt = renderer.render(req.messages());
            } else {
                prompt = renderer.render(req.messages(), tools.tools(), toolPrompt(req));
                params = params.toBuilder().grammar(WireJson.toTree(Map.of("type", "json", "value", tools.schema()))).build();
            }
            Turn turn = new Turn(req, OpenAiMapping.chatModel(req, modelId), System.currentTimeMillis() / 1000, m);
            if (req.stream()) stream(ctx, turn, params, prompt, tools != null);
            else complete(ctx, turn, params, prompt, tools != null);
        } catch (TextGenerationService.Abandoned e) {
            m.failed("dropped");
            throw e;
        } catch (ApiException e) {
            m.failed(e.errorType());
            throw e;
        }
    }

    /** TGI's {@code default_tool_prompt()}, added after the tools when the request sets no {@code tool_prompt}. */
    static final String DEFAULT_TOOL_PROMPT = "\nGiven the functions available, please respond with a JSON for a function "
            + "call with its proper arguments that best answers the given prompt. Respond in the format {name: function "
            + "name, parameters: dictionary of argument name and its value}.Do not use variables.\n";

    private static String toolPrompt(ChatRequest req) {
        return req.toolPrompt() != null ? req.toolPrompt() : DEFAULT_TOOL_PROMPT;
    }

    /** What every answer of one request shares. */
    private record Turn(ChatRequest req, String model, long created, RequestMetrics.Request metrics) {}

    private void complete(Context ctx, Turn turn, GenerateParameters params, String prompt, boolean usingTools) {
        Completion c = run(ctx, turn, params, prompt);
        AssistantMessage message = AssistantMessage.text(c.result().text());
        String finish = TgiMapping.finishReason(c.result().finishReason()).openAi();
        if (usingTools) {
            ToolCallText call = new ToolCallText();
            call.push(c.result().text());
            if (call.name().filter(ToolSelection.NO_TOOL::equals).isPresent()) {
                // The model chose to answer in text: TGI asks again, without the tools and without a grammar.
                c = run(ctx, turn, OpenAiMapping.chatParameters(turn.req()), renderer.render(turn.req().messages()));
                message = AssistantMessage.text(c.result().text());
                finish = TgiMapping.finishReason(c.result().finishReason()).openAi();
            } else if (call.arguments().isPresent()) {
                message = AssistantMessage.toolCalls(List.of(ToolCall.function(TOOL_CALL_ID, call.name().get(), call.arguments().get())));
                finish = TOOL_CALLS;
            } // else: cut (by length) before the call was complete; the partial text goes back as content.
        }
        ChatLogprobs logprobs = turn.req().wantsLogprobs()
                ? ChatLogprobs.of(c.tokens().stream().map(TgiMapping::token).toList(),
                        c.tokens().stream().map(TgiMapping::topTokens).toList())
                : null;
        ServiceRoutes.json(ctx, ChatCompletion.of(turn.model(), HearthVersion.VERSION, turn.created(), message, logprobs, finish,
                Usage.of(c.result().inputTokens(), c.result().generatedTokens(), c.result().cachedTokens())));
    }

    private Completion run(Context ctx, Turn turn, GenerateParameters params, String prompt) {
        PreparedRequest prepared = service.prepare(prompt, params, false, false);
        turn.metrics().validated(prepared);
        Completion c = service.complete(prepared, ClientConnection.gone(ctx));
        turn.metrics().finished(c.result());
        turn.metrics().headers(ctx, c.result(), prompt.length());
        return c;
    }

    /** TGI's id of the one tool call an answer carries. */
    static final String TOOL_CALL_ID = "0";
    static final String TOOL_CALLS = "tool_calls";

    private void stream(Context ctx, Turn turn, GenerateParameters params, String prompt, boolean usingTools) {
        SseStream sse = SseStream.open(ctx);
        try {
            PreparedRequest prepared = service.prepare(prompt, params, true, false);
            turn.metrics().validated(prepared);
            Generation g = service.start(prepared);
            boolean completed;
            if (usingTools) {
                ToolStream tool = new ToolStream(turn, sse, g);
                completed = EventPump.pump(g, sse, tool::onToken, failed -> streamFailure(turn, sse, failed));
                if (tool.answersInText) {
                    // no_tool: as TGI, generate again without tools or grammar and stream that as text.
                    PreparedRequest plain = service.prepare(renderer.render(turn.req().messages()),
                            OpenAiMapping.chatParameters(turn.req()), true, false);
                    Generation text = service.start(plain);
                    completed = EventPump.pump(text, sse, t -> sendContent(turn, sse, t), failed -> streamFailure(turn, sse, failed));
                }
            } else {
                completed = EventPump.pump(g, sse, t -> sendContent(turn, sse, t), failed -> streamFailure(turn, sse, failed));
            }
            if (!completed) {
                turn.metrics().failed("dropped");
                return;
            }
        } catch (ApiException e) {
            turn.metrics().failed(e.errorType());
            GenerateRoutes.sendQuietly(sse, WireJson.write(OpenAiErrorEvent.of(e)));
        }
        GenerateRoutes.sendQuietly(sse, "[DONE]");
    }

    private static void streamFailure(Turn turn, SseStream sse, dev.hearth.engine.batch.GenerationEvent.Failed failed) {
        turn.metrics().failed("generation");
        sse.data(WireJson.write(OpenAiErrorEvent.of("Request failed during generation: " + failed.message())));
    }

    private static void sendContent(Turn turn, SseStream sse, GenerationEvent.Token t) {
        // A special token (EOS) streams as empty content, as TGI does.
        String content = t.token().special() ? "" : t.token().text();
        String finish = t.last() ? TgiMapping.finishReason(t.result().finishReason()).openAi() : null;
        send(turn, sse, t, ChatDelta.content(content), finish);
    }

    private static void send(Turn turn, SseStream sse, GenerationEvent.Token t, ChatDelta delta, String finish) {
        ChatLogprobs logprobs = turn.req().wantsLogprobs()
                ? ChatLogprobs.of(TgiMapping.token(t.token()), TgiMapping.topTokens(t.token())) : null;
        sse.data(WireJson.write(ChatCompletionChunk.token(turn.model(), HearthVersion.VERSION, turn.created(), delta, logprobs, finish)));
        if (t.last()) {
            turn.metrics().finished(t.result());
            if (turn.req().streamOptions() != null && turn.req().streamOptions().includeUsage()) {
                sse.data(WireJson.write(ChatCompletionChunk.usage(turn.model(), HearthVersion.VERSION, turn.created(),
                        Usage.of(t.result().inputTokens(), t.result().generatedTokens(), t.result().cachedTokens()))));
            }
        }
    }

    /**
     * Streams a tool call as OpenAI does: nothing until the function name is known, then a delta with the id, type
     * and name, then the arguments text in deltas that concatenate to the complete answer's {@code arguments}. A
     * {@code no_tool} choice cancels this generation and sets {@link #answersInText}.
     */
    private static final class ToolStream {
        private final Turn turn;
        private final SseStream sse;
        private final Generation generation;
        private final ToolCallText call = new ToolCallText();
        private boolean named;
        boolean answersInText;

        ToolStream(Turn turn, SseStream sse, Generation generation) {
            this.turn = turn;
            this.sse = sse;
            this.generation = generation;
        }

        void onToken(GenerationEvent.Token t) {
            if (answersInText) return; // tokens already on their way when the generation was cancelled
            String piece = t.token().special() ? "" : t.token().text();
            if (!named) {
                String name = call.push(piece).orElse(null);
                if (ToolSelection.NO_TOOL.equals(name)) {
                    answersInText = true;
                    generation.cancel();
                    return;
                }
                if (name != null) {
                    named = true;
                    send(t, name, "", null, false);
                    piece = null;
                } else if (t.last()) {
                    // Cut by length before a function name: what was written goes out as text.
                    sendContentOnce(t, call.text());
                    return;
                } else {
                    return;
                }
            } else {
                call.push(piece);
            }
            String fragment = t.last() ? call.release() + call.finish() : call.release();
            if (!fragment.isEmpty() || t.last()) {
                boolean complete = t.last() && call.arguments().isPresent();
                send(t, null, fragment, t.last() ? (complete ? TOOL_CALLS : "length") : null, t.last());
            }
        }

        private void send(GenerationEvent.Token t, String name, String arguments, String finish, boolean last) {
            ChatDelta delta = ChatDelta.toolCall(new ChatDelta.ToolCallDelta(0, TOOL_CALL_ID, "function",
                    new ChatDelta.ToolCallDelta.Function(name, arguments)));
            if (last) ChatRoutes.send(turn, sse, t, delta, finish);
            else ChatRoutes.send(turn, sse, new GenerationEvent.Token(t.token(), null), delta, finish);
        }

        private void sendContentOnce(GenerationEvent.Token t, String text) {
            ChatRoutes.send(turn, sse, t, ChatDelta.content(text), TgiMapping.finishReason(t.result().finishReason()).openAi());
        }
    }
}
