package dev.hearth.kubernetes;

import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support: the RBAC permission one API request needs, as Kubernetes' authorizer derives it from the method and
 * path: {@code apiGroup/resource[/subresource]} and a verb ({@code get}, {@code list}, {@code watch}, {@code create},
 * {@code update}, {@code patch}, {@code delete}, {@code deletecollection}).
 */
record ApiCalls(String group, String resource, String verb) {

    private static final Pattern PATH = Pattern.compile(
            "^/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/[^/]+/([^/]+)(?:/([^/]+)(?:/([^/]+))?)?$");

    static ApiCalls of(RecordedRequest request) {
        URI uri = URI.create(request.getPath());
        Matcher m = PATH.matcher(uri.getPath());
        if (!m.matches()) throw new AssertionError("not a namespaced resource request: " + request.getPath());
        String group = m.group(1) == null ? "" : m.group(1);
        String resource = m.group(4) == null ? m.group(2) : m.group(2) + "/" + m.group(4);
        boolean named = m.group(3) != null;
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        String verb = switch (request.getMethod().toUpperCase()) {
            case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new AssertionError("unexpected method " + request.getMethod());
        };
        return new ApiCalls(group, resource, verb);
    }

    @Override
    public String toString() {
        return (group.isEmpty() ? "" : group + "/") + resource + ":" + verb;
    }
}
