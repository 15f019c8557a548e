package dev.hearth.cli;

import dev.hearth.server.PrivateFiles;
import dev.hearth.server.store.Store;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --home}: the installation that commands working on the store directly ({@code hearth tokens},
 * {@code hearth secrets}) open, with the server running or stopped. The home is made private (0700, database 0600)
 * before the store is opened.
 */
final class HomeOption {

    @Option(names = "--home", defaultValue = "${env:HEARTH_HOME:-${sys:user.home}/.hearth}",
            description = "The Hearth home (default: $HEARTH_HOME or ~/.hearth).")
    Path home;

    Store store() {
        Path db = home.resolve("hearth.db");
        PrivateFiles.secureHome(home, db);
        return Store.open(db);
    }
}
