import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A server-sent-event stream read on its own thread, so that a suite can act while it flows (kill a replica) and
 * tell a stream that ended from one that hangs.
 */
final class Streams {

    /** A stream being read; {@code firstEvent} opens when the first {@code data:} line arrived. */
    static final class Reader {
        final CountDownLatch firstEvent = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);
        final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile int status;
        volatile String failure; // how reading ended, when not at the end of the body
        volatile long endedAt;
        private volatile InputStream body;

        boolean awaitEnd(Duration limit) throws InterruptedException {
            return ended.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** The last {@code data:} payload, or null. */
        String lastEvent() {
            synchronized (events) {
                return events.isEmpty() ? null : events.getLast();
            }
        }

        /** TGI's final event carries the whole generated_text; earlier ones carry null there. */
        boolean endedNormally() {
            String last = lastEvent();
            return last != null && last.contains("\"generated_text\":\"") || last != null && last.contains("[DONE]");
        }

        boolean endedWithError() {
            String last = lastEvent();
            return last != null && last.contains("\"error\"");
        }

        void abandon() {
            try {
                if (body != null) body.close();
            } catch (Exception e) {
                // closing is all we want
            }
        }
    }

    static Reader open(Http api, String path, String json) {
        Reader r = new Reader();
        Thread.ofVirtual().start(() -> {
            try {
                HttpRequest req = api.request(path).header("Content-Type", "application/json")
                        .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString(json)).build();
                HttpResponse<InputStream> res = Http.CLIENT.send(req, HttpResponse.BodyHandlers.ofInputStream());
                r.status = res.statusCode();
                r.body = res.body();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("data:")) {
                            r.events.add(line.substring(5).trim());
                            r.firstEvent.countDown();
                        }
                    }
                }
            } catch (Exception e) {
                r.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            } finally {
                r.endedAt = System.nanoTime();
                r.firstEvent.countDown();
                r.ended.countDown();
            }
        });
        return r;
    }
}
