import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Fuzzed bodies on every route: the control API's create and update, the lifecycle actions and logs with fuzzed
 * names and parameters, and each of the gateway's TGI and OpenAI routes. Every answer must be a 2xx or a 4xx with a
 * JSON {@code error} and no stack trace; never a 5xx, a dropped connection or a hang. Afterwards the server and the
 * fuzzed endpoint must still serve.
 *
 * Options: --iterations N (per route, 200), --seconds S (whole suite, 300), --seed N, --lenient-uri-errors (accept
 * Jetty's HTML 400 page for URIs it refuses before routing; counted as "jetty-html" either way).
 */
final class FuzzSuite implements Reliability.Suite {

    /** What an answer must never contain: signs of an exception's text leaking to the client. */
    private static final List<String> LEAKS = List.of("Exception", "\tat ", "at dev.hearth", "java.lang.", "org.eclipse.jetty",
            "com.fasterxml");

    private Report report;
    private long deadline;
    private boolean lenientUris;

    @Override
    public void run(Options o, Report r) {
        this.report = r;
        Http api = new Http(o.url(), o.token(), Duration.ofSeconds(30));
        String ns = Endpoints.namespaceOf(api);
        Endpoints eps = new Endpoints(api, ns, o.model());
        int iterations = o.integer("iterations", 200);
        long seed = Long.parseLong(o.get("seed", Long.toString(System.nanoTime() % 1_000_000)));
        deadline = System.nanoTime() + Duration.ofSeconds(o.integer("seconds", 300)).toNanos();
        Random rnd = new Random(seed);
        lenientUris = o.has("lenient-uri-errors");
        Mutator mutator = new Mutator(rnd);
        r.figure("seed", seed + " (replay with --seed " + seed + ")");
        r.figure("iterations per route", iterations);

        String live = Endpoints.uniqueName("rel-fuzz");
        String parked = Endpoints.uniqueName("rel-fuzzp");
        try {
            r.section("setup");
            r.check(eps.create(live, 1, 1, "protected").status() == 202, "create " + live);
            r.check(eps.create(parked, 0, 1, "protected").status() == 202, "create " + parked);
            r.check(api.post(eps.path(parked) + "/pause", null).status() == 200, "pause " + parked + " (the update target)");
            r.check(eps.waitRunning(live, Duration.ofSeconds(120)) >= 0, live + " is running");
            Set<String> before = names(api, ns);

            r.section("fuzzed bodies");
            String create = Json.write(Endpoints.body("rel-fuzzc", o.model(), 0, 1, "protected", Map.of("A", "b")));
            String update = "{\"type\":\"protected\",\"compute\":{\"instanceSize\":\"x1\",\"scaling\":{\"minReplica\":0,\"maxReplica\":1,"
                    + "\"scaleToZeroTimeout\":15,\"measure\":{\"pendingRequests\":4}}},\"model\":{\"env\":{\"A\":\"b\"},"
                    + "\"image\":{\"huggingface\":{}}}}";
            String gw = eps.gateway(live);
            Map<String, String[]> targets = new java.util.LinkedHashMap<>();
            targets.put("POST /v2/endpoint/{ns}", new String[]{"POST", "/v2/endpoint/" + ns, create});
            targets.put("PUT /v2/endpoint/{ns}/{name}", new String[]{"PUT", eps.path(parked), update});
            targets.put("POST {url}/generate", new String[]{"POST", gw + "/generate",
                    "{\"inputs\":\"Hello\",\"parameters\":{\"max_new_tokens\":4,\"temperature\":0.7,\"top_p\":0.9,\"stop\":[\"x\"],\"seed\":1}}"});
            targets.put("POST {url}/generate_stream", new String[]{"POST", gw + "/generate_stream",
                    "{\"inputs\":\"Hello\",\"parameters\":{\"max_new_tokens\":4,\"details\":true}}"});
            targets.put("POST {url}/", new String[]{"POST", gw + "/", "{\"inputs\":\"Hello\",\"parameters\":{\"max_new_tokens\":4},\"stream\":false}"});
            targets.put("POST {url}/v1/chat/completions", new String[]{"POST", gw + "/v1/chat/completions",
                    "{\"model\":\"tgi\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief\"},{\"role\":\"user\",\"content\":\"Hi\"}],"
                            + "\"max_tokens\":4,\"temperature\":0.5,\"stream\":false,\"n\":1,\"stop\":[\"x\"]}"});
            targets.put("POST {url}/v1/completions", new String[]{"POST", gw + "/v1/completions",
                    "{\"model\":\"tgi\",\"prompt\":\"Hello\",\"max_tokens\":4,\"echo\":false,\"stream\":false}"});
            targets.put("POST {url}/tokenize", new String[]{"POST", gw + "/tokenize", "{\"inputs\":\"Hello world\"}"});
            for (Map.Entry<String, String[]> t : targets.entrySet()) {
                fuzzBodies(api, eps, t.getKey(), t.getValue()[0], t.getValue()[1], t.getValue()[2], mutator, iterations);
            }

            r.section("fuzzed names and parameters");
            fuzzPaths(api, ns, live, rnd, iterations);

            r.section("malformed HTTP framing");
            framing(o, ns, live);

            r.section("afterwards");
            r.check(api.get("/health").status() == 200, "the server's /health answers 200");
            Http.Res gen = api.post(gw + "/generate", eps.generate(4));
            r.check(gen.status() == 200, "a valid /generate on " + live + " answers 200 (got " + gen.status() + ")");
            r.check("running".equals(Json.str(eps.get(live), "status.state")), live + " is still running");
            Set<String> stray = names(api, ns);
            stray.removeAll(before);
            stray.forEach(eps::track); // deleted by the clean-up below
            r.figure("endpoints created by valid mutations and not deleted at once", stray);
        } finally {
            eps.cleanUp(r);
        }
    }

    private boolean timeLeft() {
        return System.nanoTime() < deadline;
    }

    private void fuzzBodies(Http api, Endpoints eps, String label, String method, String path, String valid, Mutator mutator,
                            int iterations) {
        Report.Histogram statuses = new Report.Histogram();
        Report.Latencies latency = new Report.Latencies();
        List<String> bad = new ArrayList<>();
        int n = 0;
        for (; n < iterations && timeLeft(); n++) {
            Mutator.Body body = mutator.mutate(valid);
            Map<String, String> headers = new HashMap<>();
            String ct = mutator.contentType();
            if (ct != null) headers.put("Content-Type", ct);
            Http.Res res = sendOnce(api, method, path, body.bytes(), headers);
            statuses.add(res.key());
            latency.add(res.millis());
            String problem = problem(res, !path.startsWith("/endpoints/"));
            if (problem != null && bad.size() < 5) bad.add(problem + " for " + body.preview());
            if (problem != null) statuses.add("BAD");
            if (method.equals("POST") && path.startsWith("/v2/endpoint/") && res.status() / 100 == 2) {
                String name = Json.str(res.json(), "name");
                if (name != null) eps.track(name);
                if (name != null) eps.delete(name); // a valid mutation: not what we fuzz for, so it goes at once
            }
        }
        report.figure(label + " statuses", statuses + ", " + latency);
        bad.forEach(b -> report.note("bad answer: " + oneLine(b)));
        report.check(statuses.get("BAD") == 0, label + ": " + n + " fuzzed bodies, " + statuses.get("BAD")
                + " answers that were 5xx, not JSON errors, leaked exception text or never came");
    }

    /**
     * Sends a request; a connection failure is retried once on a new connection, because the JDK client may reuse a
     * pooled connection that the server has just closed after an error (Jetty closes after a 400 it answers itself).
     * Only a second failure counts.
     */
    private static Http.Res sendOnce(Http api, String method, String path, byte[] body, Map<String, String> headers) {
        Http.Res res = api.send(method, path, body, headers);
        return res.status() < 0 ? api.send(method, path, body, headers) : res;
    }

    /** Jetty's own HTML error page, answered before routing for URIs it refuses (an encoded NUL, ...). */
    static boolean jettyPage(Http.Res res) {
        return res.status() >= 400 && res.status() < 500 && res.body().contains("<title>Error ");
    }

    /** Why an answer of the control API is wrong, or null when it is acceptable. */
    static String problem(Http.Res res) {
        return problem(res, true);
    }

    /**
     * Why an answer is wrong, or null when it is acceptable. On the gateway's inference routes a 4xx may be plain
     * text: TGI answers its body extractor's rejections (415, 422, "Failed to parse the request body as JSON") so, and
     * the worker keeps TGI's wording.
     */
    static String problem(Http.Res res, boolean jsonErrors) {
        if (res.status() < 0) return "no answer (" + res.body() + ")";
        if (res.status() >= 500) return "status " + res.status();
        for (String leak : LEAKS) {
            if (res.body().contains(leak)) return "status " + res.status() + " leaking '" + leak.trim() + "'";
        }
        if (res.status() >= 400 && jsonErrors) {
            Object json = res.json();
            if (!(json instanceof Map<?, ?> m) || !m.containsKey("error")) {
                return "status " + res.status() + " without a JSON error: " + res.body().substring(0, Math.min(80, res.body().length()));
            }
        }
        return null;
    }

    /**
     * Names that are never valid (they hold a character names may not), so that no DELETE or pause here can touch a
     * real endpoint; percent-encoded as a client would.
     */
    private static String hostileName(Random rnd) {
        String alphabet = "abcXYZ019-_.~!$&'()*+,;=:@/\\ %\"<>^`{|}\u0000\u00e9\u202e";
        StringBuilder b = new StringBuilder();
        int len = rnd.nextInt(10) == 0 ? 100 + rnd.nextInt(5000) : 1 + rnd.nextInt(40);
        for (int k = 0; k < len; k++) b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        b.append("X.%"); // uppercase and '.' and '%' are never part of a valid name
        StringBuilder enc = new StringBuilder();
        for (byte x : b.toString().getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-_~".indexOf(c) >= 0) enc.append(c);
            else enc.append(String.format("%%%02X", x & 0xff));
        }
        return enc.toString();
    }

    private void fuzzPaths(Http api, String ns, String live, Random rnd, int iterations) {
        Report.Histogram statuses = new Report.Histogram();
        List<String> bad = new ArrayList<>();
        String[][] shapes = {
                {"GET", "/v2/endpoint/" + ns + "/%s"}, {"DELETE", "/v2/endpoint/" + ns + "/%s"},
                {"PUT", "/v2/endpoint/" + ns + "/%s"}, {"POST", "/v2/endpoint/" + ns + "/%s/pause"},
                {"POST", "/v2/endpoint/" + ns + "/%s/resume"}, {"POST", "/v2/endpoint/" + ns + "/%s/scale-to-zero"},
                {"GET", "/v2/endpoint/" + ns + "/%s/logs"}, {"GET", "/v2/endpoint/%s"}, {"GET", "/v2/provider/%s"},
                {"POST", "/endpoints/" + ns + "/%s/generate"}, {"POST", "/endpoints/%s/" + live + "/generate"},
                {"GET", "/v2/endpoint/" + ns + "/" + live + "/logs?tail=%s"},
        };
        int n = 0;
        for (; n < iterations && timeLeft(); n++) {
            String[] shape = shapes[n % shapes.length];
            String value = shape[1].endsWith("tail=%s") ? hostileTail(rnd) : hostileName(rnd);
            Http.Res res = sendOnce(api, shape[0], shape[1].formatted(value),
                    shape[0].equals("GET") || shape[0].equals("DELETE") ? null : "{}".getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json"));
            statuses.add(res.key());
            if (jettyPage(res)) {
                statuses.add("jetty-html");
                if (lenientUris) continue;
            }
            String problem = problem(res);
            if (problem != null) {
                statuses.add("BAD");
                if (bad.size() < 5) bad.add(problem + " for " + shape[0] + " " + shape[1].formatted(value.substring(0, Math.min(60, value.length()))));
            }
        }
        report.figure("statuses", statuses);
        bad.forEach(b -> report.note("bad answer: " + oneLine(b)));
        report.check(statuses.get("BAD") == 0, n + " requests with fuzzed names, namespaces and ?tail=: " + statuses.get("BAD")
                + " bad answers" + (statuses.get("jetty-html") > 0 ? " (" + statuses.get("jetty-html") + " Jetty HTML pages"
                + (lenientUris ? ", accepted by --lenient-uri-errors)" : ", counted as bad: the API's errors are JSON)") : ""));
    }

    /** An example on one line: HTML error pages span many. */
    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > 240 ? flat.substring(0, 240) + "..." : flat;
    }

    private static String hostileTail(Random rnd) {
        return List.of("9".repeat(5000), "-1", "0", "abc", "1e3", "%00", "10001", "2147483648", "%20200", "").get(rnd.nextInt(10));
    }

    /** Bodies Jetty must refuse with a 4xx (or by closing), never a 5xx or a hang. */
    private void framing(Options o, String ns, String live) {
        RawHttp raw = new RawHttp(o.url());
        String[] paths = {"/v2/endpoint/" + ns, "/endpoints/" + ns + "/" + live + "/generate"};
        String json = "{\"inputs\":\"Hello\",\"parameters\":{\"max_new_tokens\":2}}";
        Map<String, Integer> outcomes = new java.util.LinkedHashMap<>();
        for (String path : paths) {
            String kind = path.startsWith("/v2") ? "control " : "gateway ";
            outcomes.put(kind + "chunk size not hex", raw.exchange(raw.head("POST", path, o.token(), "Content-Type: application/json",
                    "Transfer-Encoding: chunked"), "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8), false, 10_000));
            outcomes.put(kind + "chunk cut short", raw.exchange(raw.head("POST", path, o.token(), "Content-Type: application/json",
                    "Transfer-Encoding: chunked"), "64\r\n{\"inputs\"".getBytes(StandardCharsets.UTF_8), true, 10_000));
            outcomes.put(kind + "Content-Length larger than the body", raw.exchange(raw.head("POST", path, o.token(),
                    "Content-Type: application/json", "Content-Length: 100"), "{\"inputs\"".getBytes(StandardCharsets.UTF_8), true, 10_000));
            outcomes.put(kind + "Content-Length: -5", raw.exchange(raw.head("POST", path, o.token(), "Content-Type: application/json",
                    "Content-Length: -5"), json.getBytes(StandardCharsets.UTF_8), true, 10_000));
            outcomes.put(kind + "Content-Length and chunked", raw.exchange(raw.head("POST", path, o.token(),
                    "Content-Type: application/json", "Content-Length: 3", "Transfer-Encoding: chunked"),
                    ("5\r\n" + "{}{}{" + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8), true, 10_000));
        }
        byte[] big = ("{\"inputs\":\"" + "a".repeat(2_200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        // By hand: the server may answer 413 and close before the body is sent, which the JDK client reports as an error.
        outcomes.put("gateway body over 2 MB", raw.exchange(raw.head("POST", paths[1], o.token(), "Content-Type: application/json",
                "Content-Length: " + big.length), big, false, 10_000));
        outcomes.forEach((what, status) -> report.check(status == 0 || (status >= 400 && status < 500),
                what + " → " + (status == 0 ? "closed" : status == -1 ? "no answer in 10 s" : Integer.toString(status))));
    }

    private static Set<String> names(Http api, String ns) {
        Object items = Json.at(api.get("/v2/endpoint/" + ns).json(), "items");
        if (!(items instanceof List<?> l)) return new java.util.HashSet<>();
        return l.stream().map(e -> Json.str(e, "name")).collect(Collectors.toCollection(java.util.HashSet::new));
    }
}
