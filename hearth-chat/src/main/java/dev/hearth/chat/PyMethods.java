package dev.hearth.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Python methods templates call on str, dict and list values. Methods that would mutate a
 * value resolve to an undefined that fails when used, as in transformers' immutable sandbox.
 */
final class PyMethods {
    private static final Set<String> UNSAFE_DICT = Set.of("clear", "pop", "popitem", "setdefault", "update");
    private static final Set<String> UNSAFE_LIST = Set.of("append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear");

    private PyMethods() { }

    /** The bound method {@code obj.name}, an unsafe-access undefined, or null when {@code obj} has no such method. */
    static Object bind(Object obj, String name) {
        return switch (obj) {
            case String s -> stringMethod(s, name);
            case Map<?, ?> m -> UNSAFE_DICT.contains(name) ? unsafe(obj, name) : dictMethod(m, name);
            case List<?> l -> UNSAFE_LIST.contains(name) && !(obj instanceof Tuple) ? unsafe(obj, name) : listMethod(l, name);
            default -> null;
        };
    }

    private static Undefined unsafe(Object obj, String name) {
        return new Undefined("access to attribute '" + name + "' of '" + Values.typeName(obj) + "' object is unsafe.");
    }

    private static Callable dictMethod(Map<?, ?> m, String name) {
        return switch (name) {
            case "get" -> a -> {
                Object key = a.get(0, "key", null);
                return Values.hasKey(m, key) ? m.get(Values.findKey(m, key)) : a.get(1, "default", null);
            };
            case "items" -> a -> items(m);
            case "keys" -> a -> new ArrayList<Object>(m.keySet());
            case "values" -> a -> new ArrayList<Object>(m.values());
            case "copy" -> a -> new LinkedHashMap<Object, Object>(m);
            default -> null;
        };
    }

    /** {@code dict.items()} as a list of (key, value) tuples. */
    static List<Object> items(Map<?, ?> m) {
        List<Object> items = new ArrayList<>();
        m.forEach((k, v) -> items.add(Tuple.of(k, v)));
        return items;
    }

    private static Callable listMethod(List<?> l, String name) {
        return switch (name) {
            case "index" -> a -> {
                for (int i = 0; i < l.size(); i++) {
                    if (Values.equal(l.get(i), a.get(0, "value", null))) return (long) i;
                }
                throw new TemplateException(Values.repr(a.get(0, "value", null)) + " is not in list");
            };
            case "count" -> a -> l.stream().filter(x -> Values.equal(x, a.get(0, "value", null))).count();
            case "copy" -> a -> new ArrayList<Object>(l);
            default -> null;
        };
    }

    private static Callable stringMethod(String s, String name) {
        return switch (name) {
            case "strip" -> a -> Strings.strip(s, chars(a), true, true);
            case "lstrip" -> a -> Strings.strip(s, chars(a), true, false);
            case "rstrip" -> a -> Strings.strip(s, chars(a), false, true);
            case "upper" -> a -> s.toUpperCase(java.util.Locale.ROOT);
            case "lower" -> a -> s.toLowerCase(java.util.Locale.ROOT);
            case "title" -> a -> Strings.pythonTitle(s);
            case "capitalize" -> a -> Strings.capitalize(s);
            case "swapcase" -> a -> Strings.swapcase(s);
            case "split" -> a -> Strings.split(s, (String) a.get(0, "sep", null), maxsplit(a));
            case "rsplit" -> a -> Strings.rsplit(s, (String) a.get(0, "sep", null), maxsplit(a));
            case "splitlines" -> a -> Strings.splitlines(s);
            case "startswith" -> a -> affix(a.get(0, "prefix", null), s::startsWith);
            case "endswith" -> a -> affix(a.get(0, "suffix", null), s::endsWith);
            case "replace" -> a -> Strings.replace(s, (String) a.get(0, "old", null), (String) a.get(1, "new", null),
                    Values.toLong(a.get(2, "count", -1L)));
            case "find" -> a -> (long) Strings.codePointIndex(s, s.indexOf((String) a.get(0, "sub", null)));
            case "rfind" -> a -> (long) Strings.codePointIndex(s, s.lastIndexOf((String) a.get(0, "sub", null)));
            case "index" -> a -> {
                int i = s.indexOf((String) a.get(0, "sub", null));
                if (i < 0) throw new TemplateException("substring not found");
                return (long) Strings.codePointIndex(s, i);
            };
            case "count" -> a -> Strings.count(s, (String) a.get(0, "sub", null));
            case "join" -> a -> String.join(s, Values.iterate(a.get(0, "iterable", null)).stream().map(PyMethods::requireString).toList());
            case "format" -> a -> Strings.format(s, a);
            case "removeprefix" -> a -> {
                String p = (String) a.get(0, "prefix", "");
                return s.startsWith(p) ? s.substring(p.length()) : s;
            };
            case "removesuffix" -> a -> {
                String p = (String) a.get(0, "suffix", "");
                return !p.isEmpty() && s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s;
            };
            case "isdigit" -> a -> !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isalpha" -> a -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isalnum" -> a -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
            case "isspace" -> a -> !s.isEmpty() && s.codePoints().allMatch(Strings::isSpace);
            case "isupper" -> a -> s.codePoints().anyMatch(Character::isUpperCase) && s.codePoints().noneMatch(Character::isLowerCase);
            case "islower" -> a -> s.codePoints().anyMatch(Character::isLowerCase) && s.codePoints().noneMatch(Character::isUpperCase);
            default -> null;
        };
    }

    private static String chars(Args a) {
        Object chars = a.get(0, "chars", null);
        return chars == null ? null : requireString(chars);
    }

    private static long maxsplit(Args a) {
        return Values.toLong(a.get(1, "maxsplit", -1L));
    }

    private static boolean affix(Object arg, java.util.function.Predicate<String> test) {
        if (arg instanceof String p) return test.test(p);
        if (arg instanceof List<?> options) return options.stream().anyMatch(o -> test.test(requireString(o)));
        throw new TemplateException("startswith/endswith first arg must be str or a tuple of str, not " + Values.typeName(arg));
    }

    private static String requireString(Object o) {
        if (o instanceof String s) return s;
        throw new TemplateException("expected str instance, " + Values.typeName(o) + " found");
    }
}
