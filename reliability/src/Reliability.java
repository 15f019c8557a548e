import java.util.Map;
import java.util.function.Supplier;

/**
 * The chaos and fuzz suite of an installation: {@code java Reliability.java SUITE --url URL --token ADMIN_TOKEN}
 * (reliability/run.sh does that). Each suite creates what it needs, bounds its traffic in count and time, sends it
 * only to the given URL and to replica ports on 127.0.0.1, cleans up, prints its figures and ends with exactly
 * {@code N passed, M failed}; the exit code is 1 when a check failed, 2 when the suite could not run.
 */
public final class Reliability {

    /** A suite: checks go to the report; what it creates it registers for clean-up. */
    interface Suite {
        void run(Options options, Report report) throws Exception;
    }

    static final Map<String, Supplier<Suite>> SUITES = Map.of(
            "fuzz", FuzzSuite::new,
            "auth", AuthSuite::new,
            "overload", OverloadSuite::new,
            "coldstart", ColdStartSuite::new,
            "kill-replica", KillReplicaSuite::new,
            "kill-server", KillServerSuite::new,
            "updates", UpdatesSuite::new,
            "recreate", RecreateSuite::new,
            "disconnects", DisconnectsSuite::new);

    public static void main(String[] args) {
        if (args.length == 0 || !SUITES.containsKey(args[0])) {
            System.err.println("usage: reliability/run.sh " + String.join("|", new java.util.TreeSet<>(SUITES.keySet()))
                    + " --url http://localhost:8080 --token ADMIN_TOKEN [--namespace-token T] [--model PATH] [options]");
            System.err.println("see docs/reliability.md for each suite's options");
            System.exit(2);
        }
        Options options;
        try {
            options = Options.parse(args, 1);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Report report = new Report();
        System.out.println("hearth reliability: " + args[0] + " against "
                + (args[0].equals("kill-server") ? "a server it starts itself" : options.url()));
        long t0 = System.nanoTime();
        try {
            SUITES.get(args[0]).get().run(options, report);
        } catch (Exception | AssertionError e) {
            report.check(false, "the suite could not go on: " + e);
        }
        report.figure("suite time", String.format("%.1f s", (System.nanoTime() - t0) / 1e9));
        report.finish();
        System.exit(report.failed() > 0 ? 1 : 0);
    }
}
