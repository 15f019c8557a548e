package dev.hearth.worker.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hearth.api.WireJson;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a tool call out of the text the tool grammar made the model write, {@code {"function":{"_name":NAME,...}}},
 * as it grows token by token, so that a stream and a complete answer agree to the byte.
 *
 * <p>The call's {@code arguments} is the function object without its {@code _name} member: {@code "{"} followed by
 * what the model wrote after {@code "_name":NAME,}, up to (not including) the closing brace of the outer object.
 * While streaming, a trailing run of braces and whitespace is held back, since any of it may turn out to be that
 * outer brace; {@link #finish} releases it.
 */
public final class ToolCallText {

    private static final Pattern HEAD = Pattern.compile(
            "^\\s*\\{\\s*\"function\"\\s*:\\s*\\{\\s*\"_name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*([,}])");

    private final StringBuilder text = new StringBuilder();
    private String name;
    private StringBuilder arguments;
    private int released;

    /** Adds generated text; returns the function name as soon as it is known (once), else empty. */
    public Optional<String> push(String piece) {
        text.append(piece);
        if (name != null) {
            arguments.append(piece);
            return Optional.empty();
        }
        Matcher m = HEAD.matcher(text);
        if (!m.find()) return Optional.empty();
        name = unquote(m.group(1));
        // After a comma the arguments go on; a closing brace means there are none ("{" + "}").
        arguments = new StringBuilder("{").append(m.group(2).equals("}") ? "}" : "").append(text, m.end(), text.length());
        return Optional.of(name);
    }

    /** The function name, once known. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** Argument text that can be sent now: everything but a trailing run of braces and whitespace. */
    public String release() {
        if (arguments == null) return "";
        int end = arguments.length();
        while (end > released && (arguments.charAt(end - 1) == '}' || Character.isWhitespace(arguments.charAt(end - 1)))) end--;
        String out = arguments.substring(released, end);
        released = end;
        return out;
    }

    /** The text not yet released once generation has ended: the held-back run minus the outer closing brace. */
    public String finish() {
        if (arguments == null) return "";
        String out = arguments.substring(released, complete().length());
        released = complete().length();
        return out;
    }

    /**
     * The whole arguments text, for a complete answer; empty when the text did not reach the function name or the
     * arguments are not a whole JSON object (the generation was cut).
     */
    public Optional<String> arguments() {
        if (arguments == null) return Optional.empty();
        String complete = complete();
        try {
            return WireJson.parseText(complete).isObject() ? Optional.of(complete) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The generated text so far. */
    public String text() {
        return text.toString();
    }

    private String complete() {
        String s = arguments.toString().stripTrailing();
        if (s.endsWith("}") && s.length() > 1) s = s.substring(0, s.length() - 1).stripTrailing();
        return s;
    }

    private static String unquote(String jsonStringBody) {
        try {
            return WireJson.parseText("\"" + jsonStringBody + "\"").textValue();
        } catch (JsonProcessingException e) {
            return jsonStringBody;
        }
    }
}
