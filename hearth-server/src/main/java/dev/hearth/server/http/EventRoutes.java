package dev.hearth.server.http;

import dev.hearth.server.auth.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code GET /v2/events}: server-sent events of endpoint changes, authenticated like the rest of the API. Each event
 * is {@code event: endpoint} with the endpoint's view (as {@code GET /v2/endpoint/{ns}/{name}} answers it, plus
 * {@code namespace}) or {@code event: deleted} with {@code {"namespace","name"}}; a token sees its namespace, an
 * administrator's every namespace, narrowed by {@code ?namespace=}. A comment every {@link #PING} finds gone clients.
 */
public final class EventRoutes {

    static final Duration PING = Duration.ofSeconds(15);

    private final EndpointEvents events;
    private final ControlAuth auth;

    public EventRoutes(EndpointEvents events, ControlAuth auth) {
        this.events = events;
        this.auth = auth;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v2/events", ctx -> {
            Principal p = principal(ctx);
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                throw new ControlApiException(406, "GET /v2/events is a stream of server-sent events: send 'Accept: text/event-stream'");
            }
            new SseHandler(client -> stream(client, p)).handle(ctx);
        });
    }

    private Principal principal(Context ctx) {
        String ns = ctx.queryParam("namespace");
        if (ns == null) return auth.principal(ctx);
        auth.require(ctx, ns);
        return new Principal(ns, false); // narrowed: only that namespace's events
    }

    private void stream(SseClient client, Principal p) {
        try (EndpointEvents.Subscription s = events.subscribe(p)) {
            client.sendComment("connected"); // after subscribing: whatever happens from here on is sent
            while (!client.terminated()) {
                Optional<EndpointEvents.Event> e = s.next(PING);
                if (e.isPresent()) client.sendEvent(e.get().type(), e.get().data());
                else client.sendComment("ping");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException fellBehind) {
            // the browser reconnects and reads the list again
        } finally {
            client.close();
        }
    }
}
