package dev.hearth.cli;

import dev.hearth.worker.HearthVersion;
import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[]{"hearth " + HearthVersion.VERSION};
    }
}
