package dev.hearth.server.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.autoscale.ScalingSchedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads create payloads and update patches into {@link EndpointSpec}s (endpoints-api.md §3–5).
 *
 * <p>Update rules, which keep every released client working: an absent key or a {@code null} keeps the current
 * value; {@code env}, {@code secrets}, {@code tags}, {@code command} and {@code args} are replaced whole; an image of
 * {@code {"huggingface":{}}} arriving with other model changes (what clients before v0.25 always send) keeps the
 * current image.
 */
public final class EndpointRequests {

    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");
    static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,94}[A-Za-z0-9])?");
    static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    static final Set<String> TYPES = Set.of("public", "protected", "authenticated", "private");
    static final Set<String> BUILT_IN_IMAGES = Set.of("huggingface", "tgi", "llamacpp");
    static final int MAX_TEXT = 4096;
    public static final Set<String> TEXT_GENERATION = Set.of("text-generation", "text2text-generation");
    /** Tasks served by the embedding runtime (TEI's API). */
    public static final Set<String> EMBEDDING_TASKS = Set.of("feature-extraction", "sentence-embeddings", "sentence-similarity");

    private EndpointRequests() {}

    public static void checkNamespace(String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches() || namespace.contains("..")) {
            throw new InvalidEndpointException("invalid namespace \"" + shorten(namespace) + "\": letters, digits, '-', '_', '.'");
        }
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidEndpointException("invalid endpoint name \"" + shorten(name)
                    + "\": lowercase letters, digits and '-', at most 32 characters, starting and ending with a letter or digit");
        }
    }

    /** The spec of a create payload, with the API's defaults for what is left out. */
    public static EndpointSpec create(JsonNode body) {
        requireObject(body, "body");
        JsonNode compute = object(body, "compute");
        JsonNode model = object(body, "model");
        JsonNode provider = object(body, "provider");
        JsonNode scaling = compute.path("scaling");
        EndpointSpec.Scaling s = new EndpointSpec.Scaling(
                integer(scaling, "minReplica", 1), integer(scaling, "maxReplica", 1),
                optionalInteger(scaling, "scaleToZeroTimeout"), optionalObject(scaling, "measure"),
                schedule(scaling), text(scaling, "timezone", null));
        EndpointSpec.Model m = new EndpointSpec.Model(
                requiredText(model, "repository", "model.repository"), text(model, "framework", "pytorch"),
                text(model, "revision", null), text(model, "task", null),
                image(model.get("image")), stringMap(model, "env"), stringMap(model, "secrets"),
                stringList(model, "command"), stringList(model, "args"));
        EndpointSpec spec = new EndpointSpec(text(body, "type", "authenticated"), text(body, "accountId", null),
                new EndpointSpec.Provider(requiredText(provider, "vendor", "provider.vendor"),
                        requiredText(provider, "region", "provider.region")),
                new EndpointSpec.Compute(requiredText(compute, "accelerator", "compute.accelerator"),
                        requiredText(compute, "instanceType", "compute.instanceType"),
                        requiredText(compute, "instanceSize", "compute.instanceSize"), s),
                m, route(body.get("route")), bool(body, "cacheHttpResponses"), stringList(body, "tags"));
        return checkSpec(spec);
    }

    /** {@code current} with the patch applied. */
    public static EndpointSpec update(EndpointSpec current, JsonNode patch) {
        requireObject(patch, "body");
        JsonNode compute = patch.path("compute");
        JsonNode scaling = compute.path("scaling");
        JsonNode model = patch.path("model");
        JsonNode provider = patch.path("provider");
        EndpointSpec.Scaling cs = current.compute().scaling();
        EndpointSpec.Scaling s = new EndpointSpec.Scaling(
                integer(scaling, "minReplica", cs.minReplica()), integer(scaling, "maxReplica", cs.maxReplica()),
                present(scaling, "scaleToZeroTimeout") ? optionalInteger(scaling, "scaleToZeroTimeout") : cs.scaleToZeroTimeout(),
                present(scaling, "measure") ? optionalObject(scaling, "measure") : cs.measure(),
                present(scaling, "schedule") ? schedule(scaling) : cs.schedule(),
                text(scaling, "timezone", cs.timezone()));
        EndpointSpec.Model cm = current.model();
        ObjectNode image = cm.image();
        if (present(model, "image")) {
            ObjectNode sent = image(model.get("image"));
            boolean oldClientDefault = sent.size() == 1 && sent.has("huggingface") && sent.get("huggingface").isEmpty();
            if (!oldClientDefault) image = sent;
        }
        EndpointSpec.Model m = new EndpointSpec.Model(
                text(model, "repository", cm.repository()), text(model, "framework", cm.framework()),
                text(model, "revision", cm.revision()), text(model, "task", cm.task()), image,
                present(model, "env") ? stringMap(model, "env") : cm.env(),
                present(model, "secrets") ? stringMap(model, "secrets") : cm.secrets(),
                present(model, "command") ? stringList(model, "command") : cm.command(),
                present(model, "args") ? stringList(model, "args") : cm.args());
        EndpointSpec.Compute cc = current.compute();
        EndpointSpec spec = new EndpointSpec(text(patch, "type", current.type()), text(patch, "accountId", current.accountId()),
                new EndpointSpec.Provider(text(provider, "vendor", current.provider().vendor()),
                        text(provider, "region", current.provider().region())),
                new EndpointSpec.Compute(text(compute, "accelerator", cc.accelerator()),
                        text(compute, "instanceType", cc.instanceType()), text(compute, "instanceSize", cc.instanceSize()), s),
                m, present(patch, "route") ? route(patch.get("route")) : current.route(),
                present(patch, "cacheHttpResponses") ? bool(patch, "cacheHttpResponses") : current.cacheHttpResponses(),
                present(patch, "tags") ? stringList(patch, "tags") : current.tags());
        return checkSpec(spec);
    }

    private static EndpointSpec checkSpec(EndpointSpec spec) {
        if (!TYPES.contains(spec.type())) {
            throw new InvalidEndpointException("type must be one of " + TYPES.stream().sorted().toList() + ", not \"" + shorten(spec.type()) + "\"");
        }
        EndpointSpec.Scaling s = spec.compute().scaling();
        if (s.minReplica() < 0 || s.maxReplica() < 1 || s.minReplica() > s.maxReplica() || s.maxReplica() > 64) {
            throw new InvalidEndpointException("compute.scaling needs 0 <= minReplica <= maxReplica, 1 <= maxReplica <= 64; got "
                    + s.minReplica() + " and " + s.maxReplica());
        }
        if (s.scaleToZeroTimeout() != null && (s.scaleToZeroTimeout() < 1 || s.scaleToZeroTimeout() > 525_600)) {
            throw new InvalidEndpointException("compute.scaling.scaleToZeroTimeout is in minutes, from 1 to 525600");
        }
        List<EndpointSpec.ScheduleEntry> schedule = s.schedule() == null ? List.of() : s.schedule();
        try {
            ScalingSchedule.parse(schedule, s.timezone()); // the cron expressions, the zone, the floors' sign
        } catch (IllegalArgumentException ex) {
            throw new InvalidEndpointException(ex.getMessage());
        }
        // Checked on every write, so that an update lowering maxReplica cannot leave a floor above it.
        for (int i = 0; i < schedule.size(); i++) {
            if (schedule.get(i).minReplica() > s.maxReplica()) {
                throw new InvalidEndpointException("compute.scaling.schedule[" + i + "].minReplica is "
                        + schedule.get(i).minReplica() + ", above maxReplica " + s.maxReplica());
            }
        }
        if (s.measure() != null) {
            JsonNode threshold = s.measure().get("pendingRequests");
            if (s.measure().has("hardwareUsage")) {
                throw new InvalidEndpointException("compute.scaling.measure: only pendingRequests is supported by this installation");
            }
            if (threshold != null && !threshold.isNull() && !(threshold.isNumber() && threshold.asDouble() > 0)) {
                throw new InvalidEndpointException("compute.scaling.measure.pendingRequests must be a positive number");
            }
        }
        String task = spec.model().task();
        if (task != null && !TEXT_GENERATION.contains(task) && !EMBEDDING_TASKS.contains(task)) {
            throw new InvalidEndpointException("model.task \"" + shorten(task) + "\" is not served yet; this installation serves "
                    + TEXT_GENERATION.stream().sorted().toList() + " and " + EMBEDDING_TASKS.stream().sorted().toList());
        }
        ObjectNode image = spec.model().image();
        String variant = image.fieldNames().next();
        if (!BUILT_IN_IMAGES.contains(variant) && !variant.equals("custom")) {
            throw new InvalidEndpointException("model.image." + shorten(variant) + " is not available here; use {\"huggingface\":{}} "
                    + "(Hearth's worker) or {\"custom\":{\"url\":\"<command>\",\"healthRoute\":\"/health\"}}");
        }
        ObjectNode custom = spec.model().customImage();
        if (custom != null) {
            if (!custom.path("url").isTextual() || custom.path("url").asText().isBlank()) {
                throw new InvalidEndpointException("model.image.custom.url is required: the command to run");
            }
            JsonNode env = custom.path("env");
            if (!env.isMissingNode() && !env.isNull() && !env.isObject()) throw new InvalidEndpointException("model.image.custom.env must be an object");
            if (env.isObject()) {
                Map<String, String> keys = new LinkedHashMap<>();
                env.properties().forEach(e -> keys.put(e.getKey(), e.getValue().asText()));
                checkEnv(keys, "model.image.custom.env");
            }
        }
        checkEnv(spec.model().env(), "model.env");
        checkEnv(spec.model().secrets(), "model.secrets");
        return spec;
    }

    private static void checkEnv(Map<String, String> env, String field) {
        for (var e : env.entrySet()) {
            if (!ENV_KEY.matcher(e.getKey()).matches()) {
                throw new InvalidEndpointException(field + " key \"" + shorten(e.getKey()) + "\" is not a valid environment variable name");
            }
            ReservedEnvKeys.reason(e.getKey()).ifPresent(why -> {
                throw new InvalidEndpointException(field + " may not set " + e.getKey() + ": " + why);
            });
            if (e.getValue().indexOf('\0') >= 0 || e.getValue().length() > 32_768) {
                throw new InvalidEndpointException(field + "." + e.getKey() + " is not a valid value");
            }
        }
    }

    private static ObjectNode image(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            ObjectNode image = JsonNodeFactory.instance.objectNode();
            image.putObject("huggingface");
            return image;
        }
        if (!node.isObject() || node.size() != 1 || !node.elements().next().isObject()) {
            throw new InvalidEndpointException("model.image must be an object with exactly one key naming the image, e.g. {\"huggingface\":{}}");
        }
        return ((ObjectNode) node).deepCopy();
    }

    /**
     * {@code compute.scaling.schedule}: a list of {@code {"cron": "0 8 * * MON-FRI", "minReplica": 1}}; absent, null or
     * empty is no schedule (an update sending {@code []} clears it). The expressions are checked in checkSpec.
     */
    private static List<EndpointSpec.ScheduleEntry> schedule(JsonNode scaling) {
        JsonNode v = scaling.get("schedule");
        if (v == null || v.isNull()) return null;
        if (!v.isArray()) throw new InvalidEndpointException("compute.scaling.schedule must be an array of {\"cron\": ..., \"minReplica\": ...}");
        if (v.size() > ScalingSchedule.MAX_ENTRIES) {
            throw new InvalidEndpointException("compute.scaling.schedule has " + v.size() + " entries; at most " + ScalingSchedule.MAX_ENTRIES);
        }
        List<EndpointSpec.ScheduleEntry> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String field = "compute.scaling.schedule[" + i + "]";
            if (!e.isObject()) throw new InvalidEndpointException(field + " must be an object {\"cron\": ..., \"minReplica\": ...}");
            JsonNode cron = e.get("cron");
            if (cron == null || !cron.isTextual() || cron.asText().length() > 256) {
                throw new InvalidEndpointException(field + ".cron is required: a UNIX cron expression such as \"0 8 * * MON-FRI\"");
            }
            JsonNode floor = e.get("minReplica");
            if (floor == null || !floor.isIntegralNumber() || !floor.canConvertToInt()) {
                throw new InvalidEndpointException(field + ".minReplica is required and must be an integer");
            }
            out.add(new EndpointSpec.ScheduleEntry(cron.asText(), floor.asInt()));
        }
        return out;
    }

    private static EndpointSpec.Route route(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return null;
        if (!node.isObject()) throw new InvalidEndpointException("route must be an object");
        String path = text(node, "path", null);
        if (path != null && !path.startsWith("/")) throw new InvalidEndpointException("route.path must start with '/'");
        return new EndpointSpec.Route(text(node, "domain", null), path);
    }

    // JSON helpers: absent or null means "use the default"; a present value of the wrong type is a 400.

    private static boolean present(JsonNode parent, String key) {
        JsonNode v = parent.get(key);
        return v != null && !v.isNull();
    }

    private static void requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) throw new InvalidEndpointException(what + " must be a JSON object");
    }

    private static JsonNode object(JsonNode parent, String key) {
        JsonNode v = parent.get(key);
        if (v == null || !v.isObject()) throw new InvalidEndpointException(key + " is required and must be an object");
        return v;
    }

    private static ObjectNode optionalObject(JsonNode parent, String key) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) return null;
        if (!v.isObject()) throw new InvalidEndpointException(key + " must be an object");
        return ((ObjectNode) v).deepCopy();
    }

    private static String requiredText(JsonNode parent, String key, String path) {
        String v = text(parent, key, null);
        if (v == null || v.isBlank()) throw new InvalidEndpointException(path + " is required");
        return v;
    }

    private static String text(JsonNode parent, String key, String fallback) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) return fallback;
        if (!v.isTextual()) throw new InvalidEndpointException(key + " must be a string");
        String s = v.asText();
        if (s.length() > MAX_TEXT || s.indexOf('\0') >= 0) throw new InvalidEndpointException(key + " is too long or holds a NUL");
        return s;
    }

    private static int integer(JsonNode parent, String key, int fallback) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) return fallback;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new InvalidEndpointException(key + " must be an integer");
        return v.asInt();
    }

    private static Integer optionalInteger(JsonNode parent, String key) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) return null;
        return integer(parent, key, 0);
    }

    private static Boolean bool(JsonNode parent, String key) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) return null;
        if (!v.isBoolean()) throw new InvalidEndpointException(key + " must be true or false");
        return v.asBoolean();
    }

    private static Map<String, String> stringMap(JsonNode parent, String key) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) return Map.of();
        if (!v.isObject()) throw new InvalidEndpointException(key + " must be an object of strings");
        Map<String, String> out = new LinkedHashMap<>();
        v.properties().forEach(e -> {
            if (!e.getValue().isTextual()) throw new InvalidEndpointException(key + "." + shorten(e.getKey()) + " must be a string");
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    private static List<String> stringList(JsonNode parent, String key) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) return null;
        if (!v.isArray()) throw new InvalidEndpointException(key + " must be an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) throw new InvalidEndpointException(key + " must be an array of strings");
            out.add(e.asText());
        }
        return out;
    }

    static String shorten(String s) {
        if (s == null) return "null";
        String clean = s.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }
}
