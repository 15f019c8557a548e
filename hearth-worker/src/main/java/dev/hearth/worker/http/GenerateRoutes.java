package dev.hearth.worker.http;

import dev.hearth.api.ApiException;
import dev.hearth.api.WireJson;
import dev.hearth.api.tgi.CompatGenerateRequest;
import dev.hearth.api.tgi.ErrorResponse;
import dev.hearth.api.tgi.GenerateParameters;
import dev.hearth.api.tgi.GenerateRequest;
import dev.hearth.api.tgi.GenerateResponse;
import dev.hearth.api.tgi.StreamResponse;
import dev.hearth.engine.batch.Generation;
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
import java.util.concurrent.atomic.AtomicInteger;

/** TGI's own routes: {@code POST /generate}, {@code /generate_stream} and the legacy {@code POST /}. */
public final class GenerateRoutes {

    private final TextGenerationService service;
    private final Admission admission;
    private final RequestMetrics metrics;

    public GenerateRoutes(TextGenerationService service, Admission admission, RequestMetrics metrics) {
        this.service = service;
        this.admission = admission;
        this.metrics = metrics;
    }

    /** The routes {@link #register} binds, declared before the model loads (see WorkerRuntime#routes). */
    public static final List<RouteKey> ROUTES = List.of(RouteKey.post("/generate"), RouteKey.post("/generate_stream"), RouteKey.post("/"));

    public void register(Routes routes) {
        routes.post("/generate", ctx -> {
            GenerateRequest req = Bodies.read(ctx, GenerateRequest.class);
            generate(ctx, req.inputs(), req.parameters(), false, false);
        });
        routes.post("/generate_stream", ctx -> {
            GenerateRequest req = Bodies.read(ctx, GenerateRequest.class);
            stream(ctx, req.inputs(), req.parameters(), false);
        });
        routes.post("/", ctx -> {
            // The served model is a text-generation model, so an unset return_full_text means true here.
            CompatGenerateRequest req = Bodies.read(ctx, CompatGenerateRequest.class).withDefaultReturnFullText(true);
            if (req.stream()) stream(ctx, req.inputs(), req.parameters(), false);
            else generate(ctx, req.inputs(), req.parameters(), true, false);
        });
    }

    private void generate(Context ctx, String inputs, GenerateParameters parameters, boolean asArray, boolean defaultFullText) {
        RequestMetrics.Request m = metrics.start();
        try (Admission.Permit permit = admission.acquire()) {
            PreparedRequest prepared = service.prepare(inputs, parameters, false);
            m.validated(prepared);
            Completion c = service.complete(prepared, ClientConnection.gone(ctx));
            m.finished(c.result());
            String text = fullText(prepared, defaultFullText) ? inputs + c.result().text() : c.result().text();
            boolean wantDetails = prepared.params().details() || prepared.params().decoderInputDetails();
            GenerateResponse body = new GenerateResponse(text,
                    wantDetails ? TgiMapping.details(c, prepared.params().topNTokens() > 0) : null);
            m.headers(ctx, c.result(), inputs.length());
            ctx.contentType("application/json").result(WireJson.write(asArray ? List.of(body) : body));
        } catch (TextGenerationService.Abandoned e) {
            m.failed("dropped");
            throw e;
        } catch (ApiException e) {
            m.failed(e.errorType());
            throw e;
        }
    }

    private void stream(Context ctx, String inputs, GenerateParameters parameters, boolean defaultFullText) {
        RequestMetrics.Request m = metrics.start();
        ctx.header("x-compute-type", RequestMetrics.COMPUTE_TYPE);
        ctx.header("x-compute-characters", Integer.toString(inputs.length()));
        SseStream sse = SseStream.open(ctx);
        // From here on the answer is 200: every error becomes an event, as in TGI.
        try (Admission.Permit permit = admission.acquire()) {
            PreparedRequest prepared = service.prepare(inputs, parameters, true);
            m.validated(prepared);
            Generation g = service.start(prepared);
            AtomicInteger index = new AtomicInteger();
            boolean completed = EventPump.pump(g, sse, t -> {
                int i = index.incrementAndGet();
                var token = TgiMapping.token(t.token());
                var top = TgiMapping.topTokens(t.token());
                if (!t.last()) {
                    sse.data(WireJson.write(StreamResponse.intermediate(i, token, top)));
                    return;
                }
                m.finished(t.result());
                String text = fullText(prepared, defaultFullText) ? inputs + t.result().text() : t.result().text();
                var details = prepared.params().details() ? TgiMapping.streamDetails(t.result(), prepared.seed()) : null;
                sse.data(WireJson.write(StreamResponse.last(i, token, top, text, details)));
            }, failed -> {
                m.failed("generation");
                sse.data(WireJson.write(ErrorResponse.generation(failed.message())));
            });
            if (!completed) m.failed("dropped");
        } catch (ApiException e) {
            m.failed(e.errorType());
            sendQuietly(sse, WireJson.write(e.toErrorResponse()));
        }
    }

    private static boolean fullText(PreparedRequest r, boolean routeDefault) {
        Boolean asked = r.params().returnFullText();
        return asked != null ? asked : routeDefault;
    }

    static void sendQuietly(SseStream sse, String json) {
        try {
            sse.data(json);
        } catch (SseStream.ClientGoneException ignored) {
            // Nobody is left to tell.
        }
    }
}
