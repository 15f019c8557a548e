import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The auth matrix and the escalation attempts of issue #15: tokens on the control API and the gateway, a namespace
 * token reaching into another namespace, a namespace token asking for a custom image (code on the host) or for
 * environment names that load code into a replica, a replica's port without its key, and the server's admin token in
 * a replica's environment.
 *
 * Options: --namespace-token T (a token of a namespace other than the admin's; without it the cases that need one are
 * skipped and said so).
 */
final class AuthSuite implements Reliability.Suite {

    /** Names that load code or options into a process, or that the server sets itself: each must be refused. */
    static final List<String> DANGEROUS = List.of("LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "DYLD_INSERT_LIBRARIES",
            "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "CLASSPATH", "JAVA_HOME", "PATH", "HOME",
            "HEARTH_ADMIN_TOKEN", "HEARTH_REPLICA_ID", "HEARTH_INSTALLATION", "HEARTH_HOME", "PYTHONPATH", "NODE_OPTIONS",
            "BASH_ENV", "ENV", "PERL5OPT", "PORT", "API_KEY", "MODEL_ID");

    private Report report;

    @Override
    @SuppressWarnings("unchecked")
    public void run(Options o, Report r) {
        this.report = r;
        Http admin = new Http(o.url(), o.token(), Duration.ofSeconds(30));
        String adminNs = Endpoints.namespaceOf(admin);
        Endpoints eps = new Endpoints(admin, adminNs, o.model());
        Http user = o.has("namespace-token") ? admin.as(o.get("namespace-token")) : null;
        String userNs = user == null ? null : Endpoints.namespaceOf(user);
        if (user != null && userNs.equals(adminNs)) {
            r.note("the namespace token's namespace is the admin's (" + adminNs + "): cross-namespace cases skipped");
        }
        boolean cross = user != null && !userNs.equals(adminNs);
        Endpoints userEps = cross ? new Endpoints(user, userNs, o.model()) : null;
        String a = Endpoints.uniqueName("rel-auth");
        String b = Endpoints.uniqueName("rel-authb");
        try {
            r.section("setup");
            r.check(eps.create(a, 1, 1, "protected").status() == 202, "admin creates " + adminNs + "/" + a);
            if (cross) r.check(userEps.create(b, 0, 1, "protected").status() == 202, "namespace token creates " + userNs + "/" + b);
            r.check(eps.waitRunning(a, Duration.ofSeconds(120)) >= 0, a + " is running");

            r.section("control API without a valid token → 401");
            String ep = eps.path(a);
            for (String token : new String[]{null, "hearth_not_a_real_token", ""}) {
                Http h = admin.as(token);
                String who = token == null ? "no token" : token.isEmpty() ? "empty token" : "wrong token";
                expect(h.get("/v2/endpoint/" + adminNs), 401, who + ": GET list");
                expect(h.get(ep), 401, who + ": GET endpoint");
                expect(h.put(ep, "{\"type\":\"public\"}"), 401, who + ": PUT");
                expect(h.post(ep + "/pause", null), 401, who + ": pause");
                expect(h.get(ep + "/logs"), 401, who + ": logs");
                expect(h.delete(ep), 401, who + ": DELETE");
                expect(h.post("/v2/endpoint/" + adminNs, Json.write(Endpoints.body("rel-x", o.model(), 0, 1, "public", null))), 401, who + ": create");
                expect(h.get("/api/whoami-v2"), 401, who + ": whoami");
                expect(h.post(eps.gateway(a) + "/generate", eps.generate(1)), 401, who + ": gateway of a protected endpoint");
            }
            r.check("running".equals(Json.str(eps.get(a), "status.state")), a + " is untouched");

            r.section("a namespace token in another namespace → 403");
            if (!cross) {
                r.note("skipped: pass --namespace-token of a namespace other than " + adminNs + " (hearth tokens create --namespace bob)");
            } else {
                expect(user.get("/v2/endpoint/" + adminNs), 403, userNs + " token: GET " + adminNs + "'s list");
                expect(user.get(ep), 403, userNs + " token: GET " + adminNs + "/" + a);
                expect(user.get(ep + "/logs"), 403, userNs + " token: logs of " + adminNs + "/" + a);
                expect(user.get(ep + "/logs?tail=10"), 403, userNs + " token: logs?tail=10 of " + adminNs + "/" + a);
                expect(user.put(ep, "{\"type\":\"public\"}"), 403, userNs + " token: PUT");
                expect(user.post(ep + "/pause", null), 403, userNs + " token: pause");
                expect(user.post(ep + "/scale-to-zero", null), 403, userNs + " token: scale-to-zero");
                expect(user.delete(ep), 403, userNs + " token: DELETE");
                expect(user.post("/v2/endpoint/" + adminNs, Json.write(Endpoints.body("rel-x", o.model(), 0, 1, "public", null))),
                        403, userNs + " token: create in " + adminNs);
                expect(user.post(eps.gateway(a) + "/generate", eps.generate(1)), 403, userNs + " token: gateway of " + adminNs + "/" + a);
                expect(user.get("/v2/provider/" + adminNs), 403, userNs + " token: provider of " + adminNs);
                r.check("running".equals(Json.str(eps.get(a), "status.state")) && "protected".equals(Json.str(eps.get(a), "type")),
                        a + " is untouched");
                expect(user.get(userEps.path(b)), 200, userNs + " token: GET its own endpoint");
                expect(admin.get(userEps.path(b)), 200, "admin token: GET " + userNs + "/" + b);
            }

            r.section("custom images (a shell command on the host) need an admin token → 403");
            if (!cross) {
                r.note("skipped: needs --namespace-token");
            } else {
                Map<String, Object> custom = Endpoints.body("rel-custom", o.model(), 0, 1, "protected", null);
                ((Map<String, Object>) custom.get("model")).put("image",
                        Map.of("custom", Map.of("url", "sh -c 'id > /tmp/hearth-reliability-pwned'", "healthRoute", "/health")));
                Http.Res created = user.post("/v2/endpoint/" + userNs, Json.write(custom));
                if (created.status() / 100 == 2) userEps.track("rel-custom");
                expect(created, 403, userNs + " token: create with model.image.custom");
                expect(user.put(userEps.path(b), "{\"model\":{\"image\":{\"custom\":{\"url\":\"sh -c id\",\"healthRoute\":\"/health\"}}}}"),
                        403, userNs + " token: PUT model.image.custom on its endpoint");
                r.check(!java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/hearth-reliability-pwned")),
                        "the custom command did not run");
            }

            r.section("dangerous environment names → 400 naming the key");
            Endpoints target = cross ? userEps : eps;
            String who = cross ? userNs + " token" : "admin token";
            String existing = cross ? b : a;
            for (String key : DANGEROUS) {
                for (String field : new String[]{"env", "secrets"}) {
                    String name = "rel-env-" + key.toLowerCase().replaceAll("[^a-z0-9]", "") ;
                    name = name.substring(0, Math.min(32, name.length())).replaceAll("-$", "");
                    Map<String, Object> body = Endpoints.body(name, o.model(), 0, 1, "protected", null);
                    ((Map<String, Object>) body.get("model")).put(field, Map.of(key, "/tmp/x.so"));
                    Http.Res res = target.createRaw(name, Json.write(body));
                    r.check(res.status() == 400 && res.body().contains(key),
                            who + ": create with model." + field + "." + key + " → " + res.status() + (res.status() == 400 && !res.body().contains(key) ? " (message does not name the key)" : ""));
                }
                Http.Res res = target.api.put(target.path(existing), "{\"model\":{\"env\":{\"" + key + "\":\"x\"}}}");
                r.check(res.status() == 400 && res.body().contains(key), who + ": PUT model.env." + key + " → " + res.status());
            }

            r.section("replica ports without the replica's key → 401");
            List<Replicas.Proc> replicas = Replicas.of(adminNs, a);
            if (!r.check(!replicas.isEmpty(), "a replica process of " + a + " is visible in /proc (run as the server's user)")) return;
            for (Replicas.Proc p : replicas) {
                String direct = "http://127.0.0.1:" + p.port();
                Http none = new Http(direct, null, Duration.ofSeconds(30));
                expect(none.post("/generate", eps.generate(1)), 401, "replica " + p.id() + " :" + p.port() + " POST /generate, no key");
                expect(none.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1}"), 401,
                        "replica POST /v1/chat/completions, no key");
                expect(none.post("/", "{\"inputs\":\"hi\"}"), 401, "replica POST /, no key");
                expect(none.post("/tokenize", "{\"inputs\":\"hi\"}"), 401, "replica POST /tokenize, no key");
                expect(none.as(o.token()).post("/generate", eps.generate(1)), 401, "replica POST /generate with the admin token");
                if (cross) expect(none.as(user.token).post("/generate", eps.generate(1)), 401, "replica POST /generate with the namespace token");
                expect(none.as("wrong").post("/generate", eps.generate(1)), 401, "replica POST /generate with a wrong key");
                expect(none.get("/health"), 200, "replica GET /health stays open (health checks)");

                r.section("the replica's environment and command line");
                r.check(!p.env().containsKey("HEARTH_ADMIN_TOKEN"), "replica " + p.pid() + " has no HEARTH_ADMIN_TOKEN in /proc/" + p.pid() + "/environ");
                r.check(!p.env().containsValue(o.token()), "no variable of the replica holds the admin token's value");
                r.check(cross ? !p.env().containsValue(user.token) : true, "no variable of the replica holds the namespace token");
                String key = p.env().get("API_KEY");
                r.check(key != null && !p.commandLine().contains(key), "the replica's key is not in its command line (ps shows argv)");
                r.check(p.env().keySet().stream().noneMatch(k -> k.startsWith("AWS_") || k.equals("SSH_AUTH_SOCK")
                        || k.equals("GITHUB_TOKEN")), "no cloud or agent credentials of the server's shell in the replica");
            }
            Http.Res logs = admin.get(ep + "/logs?tail=10000");
            r.check(!logs.body().contains(o.token()), "the endpoint's logs do not hold the admin token");
        } finally {
            if (userEps != null) userEps.cleanUp(r);
            eps.cleanUp(r);
        }
    }

    private void expect(Http.Res res, int status, String what) {
        report.check(res.status() == status, what + " → " + res.key() + (res.status() == status ? "" : " (expected " + status + ")"));
    }
}
