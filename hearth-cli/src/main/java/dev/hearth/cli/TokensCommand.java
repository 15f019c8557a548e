package dev.hearth.cli;

import dev.hearth.server.auth.TokenInfo;
import dev.hearth.server.auth.Tokens;
import dev.hearth.server.store.TokenRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code hearth tokens create|list|revoke}: API tokens, read and written straight in the installation's store (so
 * they work with the server stopped). A running server sees a token created or revoked here within five seconds
 * (its verification cache); {@code DELETE /v2/tokens/{id}} on the server takes effect at once.
 */
@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Manage API tokens.",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
public final class TokensCommand implements Runnable {

    @Override
    public void run() {
        throw new IllegalArgumentException("say what to do: hearth tokens create|list|revoke (see hearth tokens --help)");
    }

    /** The store's tokens, in the installation of {@code --home}. */
    static Tokens tokens(HomeOption home) {
        return new Tokens(new TokenRepository(home.store()));
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

        @picocli.CommandLine.Mixin
        HomeOption home;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            dev.hearth.server.endpoint.EndpointRequests.checkNamespace(namespace);
            new Output(spec).line(tokens(home).create(namespace, admin, label));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the tokens: id, namespace, admin, label, created, last used (never the tokens themselves).")
    static final class ListTokens implements Callable<Integer> {

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @picocli.CommandLine.Mixin
        HomeOption home;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<TokenInfo> tokens = tokens(home).list();
            Output out = new Output(spec);
            if (json) {
                out.json(tokens.stream().map(TokenInfo::view).toList());
                return 0;
            }
            out.table(List.of("ID", "NAMESPACE", "ADMIN", "LABEL", "CREATED", "LAST USED"), tokens.stream()
                    .map(t -> List.of(t.id(), t.namespace(), t.admin() ? "yes" : "no", label(t),
                            t.createdAt().toString(), t.lastUsedAt() == null ? "never" : t.lastUsedAt().toString()))
                    .toList());
            return 0;
        }

        private static String label(TokenInfo t) {
            String label = t.label() == null ? "" : t.label();
            return t.fromEnv() && !label.equals(Tokens.ENV_LABEL) ? label + " (HEARTH_ADMIN_TOKEN)" : label;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token by its id (see hearth tokens list); a running server refuses it within 5 s.")
    static final class Revoke implements Callable<Integer> {

        @Parameters(paramLabel = "ID", description = "The token's id, as hearth tokens list shows it.")
        String id;

        @picocli.CommandLine.Mixin
        HomeOption home;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                TokenInfo t = tokens(home).revoke(id);
                new Output(spec).line("revoked " + t.id() + " (" + t.namespace() + (t.admin() ? ", admin" : "")
                        + (t.fromEnv() ? "; HEARTH_ADMIN_TOKEN registers it again at the next start unless changed" : "")
                        + ")");
                return 0;
            } catch (Tokens.UnknownToken e) {
                spec.commandLine().getErr().println("hearth: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return ExitCodes.USAGE;
            }
        }
    }
}
