package dev.hearth.hub;

import java.util.List;

/** What the Hub's model-info route says about a repository at a revision: the commit it resolves to and its files. */
public record RepoInfo(String repoId, String commit, List<String> files) {

    public RepoInfo {
        files = List.copyOf(files);
    }
}
