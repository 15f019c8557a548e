package dev.hearth.cli;

import dev.hearth.server.auth.Tokens;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.TokenRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code hearth tokens create}: API tokens, written straight into the installation's store. */
@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Manage API tokens.",
        subcommands = {TokensCommand.Create.class})
public final class TokensCommand implements Runnable {

    @Override
    public void run() {
        throw new IllegalArgumentException("say what to do: hearth tokens create --namespace NS");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token for a namespace; it is printed once and stored only as a hash.")
    static final class Create implements Callable<Integer> {

        @Option(names = "--namespace", required = true, description = "The namespace the token grants.")
        String namespace;

        @Option(names = "--admin", description = "Grant every namespace.")
        boolean admin;

        @Option(names = "--label", description = "A note kept with the token.")
        String label;

        @Option(names = "--home", defaultValue = "${env:HEARTH_HOME:-${sys:user.home}/.hearth}",
                description = "The Hearth home (default: $HEARTH_HOME or ~/.hearth).")
        Path home;

        @Override
        public Integer call() throws Exception {
            dev.hearth.server.endpoint.EndpointRequests.checkNamespace(namespace);
            Files.createDirectories(home);
            Tokens tokens = new Tokens(new TokenRepository(Store.open(home.resolve("hearth.db"))));
            System.out.println(tokens.create(namespace, admin, label));
            return 0;
        }
    }
}
