package dev.hearth.chat;

/**
 * Jinja's default {@code Undefined}: prints as the empty string, is falsy, iterates as empty,
 * and fails with {@link #error()} on arithmetic, attribute access, item access and calls.
 *
 * @param hint the message for that failure, e.g. {@code 'foo' is undefined}
 */
record Undefined(String hint) {
    static Undefined named(String name) {
        return new Undefined("'" + name + "' is undefined");
    }

    static Undefined missingAttribute(Object owner, Object name) {
        return new Undefined("'" + Values.typeName(owner) + " object' has no attribute " + Values.repr(name));
    }

    TemplateException error() {
        return new TemplateException(hint);
    }
}
