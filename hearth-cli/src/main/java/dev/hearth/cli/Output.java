package dev.hearth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hearth.client.ConnectionInfo;
import dev.hearth.client.EndpointInfo;
import dev.hearth.client.InferenceEndpoint;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What client commands print: aligned tables and key/value blocks for people, pretty JSON for scripts. Everything
 * goes to the command's out writer (stdout), messages to err, so {@code --json} output can be piped as it is.
 */
final class Output {

    /** Endpoints are printed as the server sent them; SDK records in the wire's snake_case. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final PrintWriter out;

    Output(CommandSpec spec) {
        this.out = spec.commandLine().getOut();
    }

    PrintWriter writer() {
        return out;
    }

    void json(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** Columns padded to their widest cell, two spaces apart; a header row first. */
    void table(List<String> headers, List<List<String>> rows) {
        int[] width = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], cell(row, i).length());
        }
        for (List<String> row : all) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                String c = cell(row, i);
                s.append(c);
                if (i < width.length - 1) s.append(" ".repeat(width[i] - c.length() + 2));
            }
            out.println(s.toString().stripTrailing());
        }
        out.flush();
    }

    /** One endpoint: its JSON as the server sent it, or a key/value block. */
    void endpoint(InferenceEndpoint e, boolean asJson) {
        if (asJson) {
            json(e.info().raw());
            return;
        }
        EndpointInfo i = e.info();
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put("name", i.name());
        kv.put("namespace", i.namespace());
        kv.put("state", i.status().wire());
        kv.put("message", i.message());
        kv.put("url", i.url() == null ? "-" : i.url());
        kv.put("repository", i.repository());
        kv.put("revision", i.revision());
        kv.put("task", i.task());
        kv.put("framework", i.framework());
        kv.put("type", i.type());
        kv.put("provider", i.vendor() + "/" + i.region());
        kv.put("compute", i.compute().accelerator() + " " + i.compute().instanceType() + " " + i.compute().instanceSize());
        kv.put("replicas", i.readyReplica() + " ready of " + i.targetReplica() + " (min " + i.compute().minReplica()
                + ", max " + i.compute().maxReplica() + ")");
        kv.put("scale to zero", i.compute().scaleToZeroTimeout() == null ? "-" : i.compute().scaleToZeroTimeout() + " min idle");
        if (!i.compute().schedule().isEmpty()) {
            kv.put("schedule", String.join(", ", i.compute().schedule().stream().map(Object::toString).toList())
                    + " (" + (i.compute().timezone() == null ? "UTC" : i.compute().timezone()) + ")");
        }
        kv.put("created", String.valueOf(i.createdAt()));
        kv.put("updated", String.valueOf(i.updatedAt()));
        int w = kv.keySet().stream().mapToInt(String::length).max().orElse(0);
        kv.forEach((k, v) -> out.println(k + ":" + " ".repeat(w - k.length() + 1) + (v == null ? "-" : v)));
        out.flush();
    }

    /** Endpoints as a table (with their namespace when {@code namespaces}), or a JSON array of server objects. */
    void endpoints(List<InferenceEndpoint> list, boolean asJson, boolean namespaces) {
        if (asJson) {
            json(list.stream().map(e -> e.info().raw()).toList());
            return;
        }
        List<String> headers = new ArrayList<>(List.of("NAME", "STATE", "REPLICAS", "MODEL", "URL"));
        if (namespaces) headers.addFirst("NAMESPACE");
        List<List<String>> rows = new ArrayList<>();
        for (InferenceEndpoint e : list) {
            EndpointInfo i = e.info();
            List<String> row = new ArrayList<>(List.of(i.name(), i.status().wire(),
                    i.readyReplica() + "/" + i.targetReplica(), i.repository(), i.url() == null ? "-" : i.url()));
            if (namespaces) row.addFirst(i.namespace());
            rows.add(row);
        }
        table(headers, rows);
    }

    /** One line for people after an action: {@code demo: paused}. */
    void summary(InferenceEndpoint e, boolean asJson) {
        if (asJson) json(e.info().raw());
        else line(e.name() + ": " + e.status().wire() + (e.url().isPresent() ? " " + e.url().get() : ""));
    }

    /**
     * One connection after an action: {@code llama: ready (tgi, meta-llama/Llama-2-7b-chat-hf, 4096 tokens, key
     * hf_…x9Q2)}, and, with {@code withError}, what the check said when it was not ready; or the server's JSON, which
     * holds only the key's hint.
     */
    void connection(ConnectionInfo c, boolean asJson, boolean withError) {
        if (asJson) {
            json(c.raw());
            return;
        }
        List<String> about = new ArrayList<>();
        if (c.kind() != null) about.add(c.kind());
        about.add(c.modelName());
        if (c.contextWindow() != null) about.add(c.contextWindow() + " tokens");
        about.add(c.keyHint() == null ? "no key" : "key " + c.keyHint());
        line(c.name() + ": " + c.state() + " (" + String.join(", ", about) + ")"
                + (c.lastError() == null || !withError ? "" : ": " + c.lastError()));
    }

    /** Connections as a table, or a JSON array of server objects. */
    void connections(List<ConnectionInfo> list, boolean asJson) {
        if (asJson) {
            json(list.stream().map(ConnectionInfo::raw).toList());
            return;
        }
        table(List.of("NAME", "MODEL", "KIND", "STATE", "CONTEXT", "CHECKED"), list.stream()
                .map(c -> java.util.Arrays.asList(c.name(), c.modelName(), c.kind(), c.state(),
                        c.contextWindow() == null ? null : c.contextWindow().toString(),
                        c.checkedAt() == null ? null : c.checkedAt().toString()))
                .toList());
    }

    private static String cell(List<String> row, int i) {
        String c = i < row.size() ? row.get(i) : "";
        return c == null ? "-" : c;
    }
}
