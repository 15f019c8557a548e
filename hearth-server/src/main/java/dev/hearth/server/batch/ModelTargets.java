package dev.hearth.server.batch;

import dev.hearth.server.auth.Principal;
import dev.hearth.server.connections.CatalogueEntry;
import dev.hearth.server.connections.ModelCatalogue;
import dev.hearth.server.connections.ModelRouter;

import java.util.List;
import java.util.TreeSet;

/**
 * Resolves a line's {@code body.model} for a batch's owner exactly as the root router resolves {@code model} for that
 * owner's token ({@link ModelRouter#resolve} over {@link ModelCatalogue#visible}, paused endpoints included: the
 * runner resumes them), into a target the runner can store: {@code endpoint:ns/name} or {@code connection:ns/name}.
 */
final class ModelTargets {

    static final String ENDPOINT = "endpoint:";
    static final String CONNECTION = "connection:";

    private final ModelCatalogue catalogue;

    ModelTargets(ModelCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** A resolver for one validation: the catalogue is read once. */
    LineValidator.ModelResolver forOwner(Principal owner) {
        List<CatalogueEntry> visible = catalogue.visible(owner, true);
        return model -> {
            List<CatalogueEntry> matches = ModelRouter.resolve(visible, model, owner);
            if (matches.isEmpty()) {
                return LineValidator.Resolution.refused("The model '" + model + "' does not exist or you do not have access to it.");
            }
            if (matches.size() > 1) {
                TreeSet<String> where = new TreeSet<>();
                matches.forEach(m -> where.add(m.namespace() + "/" + name(m)));
                return LineValidator.Resolution.refused("The model '" + model + "' is ambiguous: it names "
                        + String.join(", ", where) + "; name an endpoint or connection by its own name.");
            }
            CatalogueEntry e = matches.getFirst();
            return LineValidator.Resolution.to((e.isConnection() ? CONNECTION : ENDPOINT) + e.namespace() + "/" + name(e));
        };
    }

    private static String name(CatalogueEntry e) {
        return e.isConnection() ? e.connection().name() : e.endpoint().name();
    }
}
