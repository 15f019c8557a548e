package dev.hearth.embed.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.BodyRejection;
import dev.hearth.embed.engine.TextTokenizer;
import dev.hearth.embed.engine.Tokens;
import dev.hearth.embed.service.Input;
import dev.hearth.embed.service.Preparation;
import dev.hearth.embed.service.TeiError;
import dev.hearth.embed.service.TeiMetrics;
import dev.hearth.serving.RouteKey;
import dev.hearth.serving.Routes;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code /info}, {@code /metrics}, {@code /tokenize} and {@code /decode}. Health lives in the worker: it must answer before the model loads. */
public final class ServiceRoutes {

    private final Responses.Info info;
    private final TeiMetrics metrics;
    private final TextTokenizer tokenizer;
    private final Preparation preparation;
    private final int maxClientBatchSize;

    public ServiceRoutes(Responses.Info info, TeiMetrics metrics, TextTokenizer tokenizer, Preparation preparation) {
        this.info = info;
        this.metrics = metrics;
        this.tokenizer = tokenizer;
        this.preparation = preparation;
        this.maxClientBatchSize = info.maxClientBatchSize();
    }

    /** The routes {@link #register} binds, declared before the model loads (see WorkerRuntime#routes). */
    public static final List<RouteKey> ROUTES = List.of(RouteKey.get("/info"), RouteKey.get("/metrics"), RouteKey.post("/tokenize"), RouteKey.post("/decode"));

    public void register(Routes routes) {
        routes.get("/info", ctx -> Responses.json(ctx, info));
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        routes.post("/tokenize", this::tokenize);
        routes.post("/decode", this::decode);
    }

    /** Always a list of token lists, like TEI; text of special tokens is their vocabulary string, offsets null. */
    private void tokenize(Context ctx) {
        Requests.Tokenize req = Bodies.read(ctx, Requests.Tokenize.class);
        JsonNode node = Requests.required(req.inputs(), "inputs");
        List<String> texts = new ArrayList<>();
        if (node.isTextual()) {
            texts.add(node.textValue());
        } else if (node.isArray() && allText(node)) {
            node.forEach(n -> texts.add(n.textValue()));
            checkBatch(texts.size());
        } else {
            throw BodyRejection.invalid("inputs: data did not match any variant of untagged enum TokenizeInput", null);
        }
        boolean addSpecial = req.addSpecialTokens() == null || req.addSpecialTokens();
        String prompt = preparation.prompt(Optional.ofNullable(req.promptName())).orElse("");
        List<List<Responses.SimpleToken>> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            if (text.isEmpty()) throw TeiError.emptyInput();
            String full = prompt + text;
            out.add(simpleTokens(tokenizer.encode(full, addSpecial), full.getBytes(StandardCharsets.UTF_8)));
        }
        Responses.json(ctx, out);
    }

    private static List<Responses.SimpleToken> simpleTokens(Tokens t, byte[] utf8) {
        List<Responses.SimpleToken> tokens = new ArrayList<>(t.length());
        for (int i = 0; i < t.length(); i++) {
            if (t.special()[i] || t.start()[i] < 0) {
                tokens.add(new Responses.SimpleToken(t.ids()[i], t.pieces()[i], t.special()[i], null, null));
            } else {
                String text = new String(Arrays.copyOfRange(utf8, t.start()[i], t.stop()[i]), StandardCharsets.UTF_8);
                tokens.add(new Responses.SimpleToken(t.ids()[i], text, false, t.start()[i], t.stop()[i]));
            }
        }
        return tokens;
    }

    /** {@code ids}: {@code [u32]} or {@code [[u32]]}; answers one string per sequence. */
    private void decode(Context ctx) {
        Requests.Decode req = Bodies.read(ctx, Requests.Decode.class);
        Inputs parsed = Inputs.parse(Requests.required(req.ids(), "ids"), "ids");
        boolean skip = req.skipSpecialTokens() == null || req.skipSpecialTokens();
        List<String> out = new ArrayList<>();
        for (Input input : parsed.inputs()) {
            if (!(input instanceof Input.Ids ids)) {
                throw BodyRejection.invalid("ids: data did not match any variant of untagged enum InputIds", null);
            }
            if (ids.ids().length == 0) throw TeiError.empty("`ids` cannot be empty");
            out.add(tokenizer.decode(ids.ids(), skip));
        }
        if (parsed.batchForm()) {
            if (out.isEmpty()) throw TeiError.empty("`ids` cannot be empty");
            checkBatch(out.size());
        }
        Responses.json(ctx, out);
    }

    private void checkBatch(int n) {
        if (n == 0) throw TeiError.empty("`inputs` cannot be empty");
        if (n > maxClientBatchSize) {
            throw TeiError.validation("batch size " + n + " > maximum allowed batch size " + maxClientBatchSize);
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode n : array) if (!n.isTextual()) return false;
        return true;
    }
}
