package dev.hearth.server.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Where the control plane's store lives: a SQLite file under the home (the default), or a PostgreSQL database. */
public sealed interface StoreLocation {

    /** One file; one control-plane instance. */
    record Sqlite(Path file) implements StoreLocation {}

    /**
     * A PostgreSQL database several control-plane instances may share.
     *
     * @param url      {@code jdbc:postgresql://HOST[:PORT]/DB[?user=...&password=...]}
     * @param user     used when the URL names none
     * @param password used when the URL holds none; never printed
     */
    record Postgres(String url, Optional<String> user, Optional<String> password) implements StoreLocation {

        public Postgres {
            if (org.postgresql.Driver.parseURL(url, null) == null) {
                throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://HOST[:PORT]/DB): "
                        + redacted(url));
            }
        }

        /** The URL's own user and password win; then the given ones (PGUSER and PGPASSWORD, or a password file). */
        public Properties connectionProperties() {
            Properties parsed = org.postgresql.Driver.parseURL(url, null);
            Properties p = new Properties();
            String u = parsed.getProperty("user");
            if (u == null) u = user.orElse(null);
            if (u != null) p.setProperty("user", u);
            String pw = parsed.getProperty("password");
            if (pw == null) pw = password.orElse(null);
            if (pw != null) p.setProperty("password", pw);
            return p;
        }

        /** The URL without its query, which may hold a password: what logs and errors show. */
        public String redactedUrl() {
            return redacted(url);
        }

        private static String redacted(String url) {
            int q = url.indexOf('?');
            return q < 0 ? url : url.substring(0, q) + "?...";
        }

        @Override
        public String toString() {
            return "Postgres[" + redactedUrl() + ", user=" + user.orElse("from URL") + ", password="
                    + (password.isPresent() ? "set" : "none") + "]";
        }
    }

    /**
     * What {@code --store} (or {@code HEARTH_STORE}) names: empty or {@code sqlite} for the home's file (empty), a
     * {@code jdbc:postgresql:} URL for PostgreSQL, with {@code PGUSER} and {@code PGPASSWORD} from {@code environment}
     * unless {@code password} (read from a password file) is given.
     */
    static Optional<StoreLocation> parse(Optional<String> store, Map<String, String> environment,
                                         Optional<String> password) {
        String s = store.map(String::strip).orElse("");
        if (s.isEmpty() || s.equals("sqlite")) return Optional.empty();
        if (!s.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--store takes sqlite or a jdbc:postgresql://HOST[:PORT]/DB URL, not "
                    + Postgres.redacted(s));
        }
        return Optional.of(new Postgres(s, Optional.ofNullable(environment.get("PGUSER")).filter(v -> !v.isBlank()),
                password.or(() -> Optional.ofNullable(environment.get("PGPASSWORD")).filter(v -> !v.isEmpty()))));
    }
}
