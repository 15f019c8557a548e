package dev.hearth.dashboard;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.staticfiles.Location;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The web dashboard: static pages whose scripts call the control plane's HTTP API from the browser, exactly as any
 * other client does (the session cookie stands for the signed-in token). This class only serves files: it has no
 * route that reads or changes anything, so whatever the dashboard does, the API does.
 *
 * <p>Pages are served at {@code /} (the endpoints list) and {@code /ui/{page}}; their scripts and styles at
 * {@code /ui/web/...}; uPlot from its webjar at {@code /webjars/uplot/...}. Every page gets a strict Content
 * Security Policy: scripts and styles from this server only, no framing.
 */
public final class Dashboard {

    static final String ROOT = "/dev/hearth/dashboard/web";
    static final List<String> PAGES = List.of("signin", "endpoints", "new", "endpoint", "models", "connections", "tokens");
    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                    + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin",
            "X-Frame-Options", "DENY");

    private final Map<String, byte[]> pages;

    public Dashboard() {
        this.pages = PAGES.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(p -> p, Dashboard::read));
    }

    /** Adds the dashboard's files and pages to a server being configured. */
    public void install(JavalinConfig config) {
        config.staticFiles.add(sf -> {
            sf.hostedPath = "/ui/web";
            sf.directory = ROOT;
            sf.location = Location.CLASSPATH;
            sf.headers = HEADERS;
        });
        config.staticFiles.enableWebjars();
        config.routes.get("/", ctx -> page(ctx, "endpoints"));
        config.routes.get("/ui", ctx -> ctx.redirect("/"));
        config.routes.get("/ui/{page}", ctx -> page(ctx, ctx.pathParam("page")));
    }

    private void page(Context ctx, String name) {
        byte[] html = pages.get(name);
        if (html == null) throw new NotFoundResponse("No dashboard page \"" + name.replaceAll("[^A-Za-z0-9_-]", "?") + "\"");
        HEADERS.forEach(ctx::header);
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    private static byte[] read(String page) {
        String path = ROOT + "/" + page + "/index.html";
        try (InputStream in = Dashboard.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing dashboard page " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
