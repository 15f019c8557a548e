package dev.hearth.server.endpoint;

import dev.hearth.server.auth.Principal;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may configure {@code model.image.custom}: its {@code url} runs as {@code /bin/sh -c} on this machine, as the
 * server's user, so it is code execution on the host, not a model setting. Both conditions must hold: the server was
 * started with the opt-in ({@code --allow-custom-commands} or {@code HEARTH_ALLOW_CUSTOM_COMMANDS=true}), and the
 * caller is an administrator. Namespace tokens never may, whatever the server's setting.
 *
 * @param enabled whether this server was started with the opt-in
 */
public record CustomCommands(boolean enabled) {

    /** Refuses {@code spec} when it has a custom image and the server or the caller may not run one. */
    public void check(Principal caller, EndpointSpec spec) {
        if (spec.model().customImage() == null) return;
        List<String> missing = new ArrayList<>(2);
        if (!enabled) {
            missing.add("this server does not allow them: start it with --allow-custom-commands "
                    + "(hearth server or hearth up) or HEARTH_ALLOW_CUSTOM_COMMANDS=true");
        }
        if (!caller.admin()) {
            missing.add("they need an administrator token, and this token belongs to namespace \""
                    + caller.namespace() + "\"");
        }
        if (!missing.isEmpty()) {
            throw new CustomCommandRefused("model.image.custom runs its url as a shell command on the server's host; "
                    + String.join("; and ", missing));
        }
    }

    /** A custom image the server or the caller may not configure (HTTP 403). */
    public static final class CustomCommandRefused extends RuntimeException {
        public CustomCommandRefused(String message) {
            super(message, null, false, false);
        }
    }
}
