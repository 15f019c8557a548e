package dev.hearth.worker.http;

import dev.hearth.api.ApiException;
import dev.hearth.api.WireJson;
import dev.hearth.api.openai.CompletionChoice;
import dev.hearth.api.openai.CompletionChunk;
import dev.hearth.api.openai.CompletionRequest;
import dev.hearth.api.openai.OpenAiErrorEvent;
import dev.hearth.api.openai.OpenAiMapping;
import dev.hearth.api.openai.Usage;
import dev.hearth.api.tgi.GenerateRequest;
import dev.hearth.engine.batch.Generation;
import dev.hearth.engine.batch.GenerationEvent;
import dev.hearth.worker.HearthVersion;
import dev.hearth.worker.generation.Admission;
import dev.hearth.worker.generation.Completion;
import dev.hearth.worker.generation.PreparedRequest;
import dev.hearth.worker.generation.TextGenerationService;
import dev.hearth.worker.metrics.RequestMetrics;
import dev.hearth.serving.ClientConnection;
import dev.hearth.serving.RouteKey;
import dev.hearth.serving.Routes;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/completions} (tgi-api.md §3.2): one sequence per prompt, all running together in the batch;
 * streamed events of several prompts interleave as they are produced.
 */
public final class CompletionRoutes {

    private record Tagged(int index, GenerationEvent event) {}

    private final TextGenerationService service;
    private final Admission admission;
    private final RequestMetrics metrics;
    private final String modelId;

    public CompletionRoutes(TextGenerationService service, Admission admission, RequestMetrics metrics, String modelId) {
        this.service = service;
        this.admission = admission;
        this.metrics = metrics;
        this.modelId = modelId;
    }

    /** The routes {@link #register} binds, declared before the model loads (see WorkerRuntime#routes). */
    public static final List<RouteKey> ROUTES = List.of(RouteKey.post("/v1/completions"));

    public void register(Routes routes) {
        routes.post("/v1/completions", this::completions);
    }

    private void completions(Context ctx) {
        RequestMetrics.Request m = metrics.start();
        try (Admission.Permit permit = admission.acquire()) {
            CompletionRequest req = Bodies.read(ctx, CompletionRequest.class);
            List<GenerateRequest> requests = OpenAiMapping.completionRequests(req, service.limits());
            long created = System.currentTimeMillis() / 1000;
            if (req.stream()) stream(ctx, m, requests, created);
            else complete(ctx, m, requests, created);
        } catch (TextGenerationService.Abandoned e) {
            m.failed("dropped");
            throw e;
        } catch (ApiException e) {
            m.failed(e.errorType());
            throw e;
        }
    }

    private List<PreparedRequest> prepare(List<GenerateRequest> requests, boolean streaming) {
        List<PreparedRequest> prepared = new ArrayList<>(requests.size());
        for (GenerateRequest r : requests) {
            // Prompt logprobs are not part of this route's answer; computing them would only cost time.
            prepared.add(service.prepare(r.inputs(), r.parameters().toBuilder().decoderInputDetails(false).build(), streaming));
        }
        return prepared;
    }

    private void complete(Context ctx, RequestMetrics.Request m, List<GenerateRequest> requests, long created) {
        List<PreparedRequest> prepared = prepare(requests, false);
        m.validated(prepared.getFirst());
        List<Completion> done = new ArrayList<>();
        BooleanSupplier gone = ClientConnection.gone(ctx);
        for (PreparedRequest p : prepared) done.add(service.complete(p, gone)); // the scheduler batches what is queued
        List<CompletionChoice> choices = new ArrayList<>();
        int promptTokens = 0, generated = 0;
        for (int i = 0; i < done.size(); i++) {
            Completion c = done.get(i);
            choices.add(CompletionChoice.of(i, c.result().text(), TgiMapping.finishReason(c.result().finishReason()).openAi()));
            promptTokens += c.result().inputTokens();
            generated += c.result().generatedTokens();
        }
        m.finished(done.getFirst().result());
        m.headers(ctx, done.getFirst().result(), requests.stream().mapToInt(r -> r.inputs().length()).sum());
        ctx.header("x-prompt-tokens", Integer.toString(promptTokens));
        ctx.header("x-generated-tokens", Integer.toString(generated));
        ServiceRoutes.json(ctx, dev.hearth.api.openai.Completion.of(modelId, HearthVersion.VERSION, created, choices,
                Usage.of(promptTokens, generated)));
    }

    private void stream(Context ctx, RequestMetrics.Request m, List<GenerateRequest> requests, long created) {
        SseStream sse = SseStream.open(ctx);
        List<Generation> running = new ArrayList<>();
        try {
            List<PreparedRequest> prepared = prepare(requests, true);
            m.validated(prepared.getFirst());
            BlockingQueue<Tagged> merged = new LinkedBlockingQueue<>();
            for (int i = 0; i < prepared.size(); i++) {
                Generation g = service.start(prepared.get(i));
                running.add(g);
                int index = i;
                Thread.ofVirtual().start(() -> forward(index, g, merged));
            }
            int open = running.size();
            while (open > 0) {
                Tagged t = merged.poll(EventPump.KEEP_ALIVE.toNanos(), TimeUnit.NANOSECONDS);
                if (t == null) {
                    sse.keepAlive();
                    continue;
                }
                switch (t.event()) {
                    case GenerationEvent.Token tok when !tok.last() ->
                            sse.data(WireJson.write(CompletionChunk.token(modelId, HearthVersion.VERSION, created, t.index(),
                                    tok.token().special() ? "" : tok.token().text())));
                    case GenerationEvent.Token tok -> {
                        open--;
                        m.finished(tok.result());
                        var r = tok.result();
                        // The final chunk keeps TGI's finish_reason names (eos_token is not rewritten here).
                        CompletionChoice choice = new CompletionChoice(t.index(), tok.token().special() ? "" : tok.token().text(),
                                null, TgiMapping.finishReason(r.finishReason()).wire());
                        sse.data(WireJson.write(dev.hearth.api.openai.Completion.of(modelId, HearthVersion.VERSION, created,
                                List.of(choice), Usage.of(r.inputTokens(), r.generatedTokens(), r.cachedTokens()))));
                    }
                    case GenerationEvent.Failed f -> {
                        open--;
                        m.failed("generation");
                        sse.data(WireJson.write(OpenAiErrorEvent.of("Request failed during generation: " + f.message())));
                    }
                }
            }
        } catch (ApiException e) {
            m.failed(e.errorType());
            GenerateRoutes.sendQuietly(sse, WireJson.write(OpenAiErrorEvent.of(e)));
        } catch (SseStream.ClientGoneException gone) {
            m.failed("dropped");
            running.forEach(Generation::cancel);
            return;
        } catch (InterruptedException ie) {
            running.forEach(Generation::cancel);
            Thread.currentThread().interrupt();
            return;
        }
        GenerateRoutes.sendQuietly(sse, "[DONE]");
    }

    private static void forward(int index, Generation g, BlockingQueue<Tagged> out) {
        try {
            while (true) {
                GenerationEvent e = g.next(Duration.ofMinutes(10));
                if (e == null) {
                    g.cancel();
                    out.add(new Tagged(index, new GenerationEvent.Failed("no progress for 10 minutes", false)));
                    return;
                }
                if (e instanceof GenerationEvent.Failed f && f.cancelled()) return;
                out.add(new Tagged(index, e));
                if (e instanceof GenerationEvent.Failed || (e instanceof GenerationEvent.Token t && t.last())) return;
            }
        } catch (InterruptedException ie) {
            g.cancel();
        }
    }
}
