package dev.hearth.cli;

import dev.hearth.server.HearthServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code hearth up}: the control plane with friendly defaults, a demo model ready to deploy, and a summary of how to
 * use it.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start Hearth with friendly defaults and print how to use it.")
public final class UpCommand implements Callable<Integer> {

    @Mixin
    ServerSettings settings = new ServerSettings();

    @Override
    public Integer call() {
        Path demo = DemoModel.ensure(settings.home);
        HearthServer server = HearthServer.start(settings.options());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hearth-shutdown"));
        String url = server.url();
        System.out.println();
        System.out.println("  Hearth is up: " + url);
        System.out.println("  dashboard:    " + url + "/   (sign in with the admin token)");
        System.out.println("  home:         " + settings.home);
        // The sample request uses the token itself when this start created it, else the variable it came from.
        String tokenRef;
        if (server.newAdminToken().isPresent()) {
            tokenRef = server.newAdminToken().get();
            System.out.println("  admin token:  " + tokenRef + "   (shown once; keep it)");
        } else if (System.getenv("HEARTH_ADMIN_TOKEN") != null) {
            tokenRef = "$HEARTH_ADMIN_TOKEN";
            System.out.println("  admin token:  $HEARTH_ADMIN_TOKEN");
        } else {
            tokenRef = "$HEARTH_TOKEN";
            System.out.println("  admin token:  the one printed on first start (set HEARTH_TOKEN to it)");
        }
        System.out.println("  namespace:    " + settings.namespace);
        System.out.println("  demo model:   " + demo + "  (random weights: it speaks gibberish)");
        System.out.println();
        System.out.println("  Create an endpoint (see README.md for the whole tour):");
        System.out.println("  curl -s -X POST " + url + "/v2/endpoint/" + settings.namespace + " \\");
        System.out.println("       -H \"Authorization: Bearer " + tokenRef + "\" -H 'Content-Type: application/json' \\");
        System.out.println("       -d '{\"name\":\"demo\",\"type\":\"protected\",\"provider\":{\"vendor\":\"hearth\",\"region\":\"local\"},"
                + "\"compute\":{\"accelerator\":\"cpu\",\"instanceType\":\"cpu\",\"instanceSize\":\"x1\","
                + "\"scaling\":{\"minReplica\":0,\"maxReplica\":1}},\"model\":{\"repository\":\"" + demo
                + "\",\"framework\":\"pytorch\",\"task\":\"text-generation\"}}'");
        System.out.println();
        System.out.println("  Ctrl-C stops Hearth; replicas keep running and are adopted by the next start.");
        return 0;
    }
}
