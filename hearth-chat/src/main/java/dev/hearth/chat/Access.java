package dev.hearth.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Jinja's {@code getattr}/{@code getitem} for plain Java values. {@code m.role} and
 * {@code m['role']} both reach a map's key; only a failure on an undefined value raises, every
 * other miss yields undefined.
 */
final class Access {
    private Access() { }

    static Object attribute(Object obj, String name) {
        return switch (obj) {
            case Undefined u -> throw u.error();
            case Namespace ns -> ns.has(name) ? ns.get(name) : Undefined.missingAttribute(obj, name);
            case LoopContext loop -> loop.attribute(name);
            case Map<?, ?> map -> {
                Object method = PyMethods.bind(map, name);
                if (method != null) yield method;
                yield Values.hasKey(map, name) ? map.get(name) : Undefined.missingAttribute(obj, name);
            }
            case null -> Undefined.missingAttribute(null, name);
            default -> {
                Object method = PyMethods.bind(obj, name);
                yield method != null ? method : Undefined.missingAttribute(obj, name);
            }
        };
    }

    static Object item(Object obj, Object key) {
        switch (obj) {
            case Undefined u -> throw u.error();
            case Map<?, ?> map -> {
                if (Values.hasKey(map, key)) return map.get(Values.findKey(map, key));
            }
            case List<?> list when Values.isInteger(key) && !(key instanceof Boolean) -> {
                int i = normalizeIndex(Values.toLong(key), list.size());
                if (i >= 0) return list.get(i);
                return new Undefined("'" + Values.typeName(obj) + " object' has no element " + key);
            }
            case String s when Values.isInteger(key) && !(key instanceof Boolean) -> {
                int[] cps = s.codePoints().toArray();
                int i = normalizeIndex(Values.toLong(key), cps.length);
                if (i >= 0) return Character.toString(cps[i]);
                return new Undefined("'str object' has no element " + key);
            }
            case null, default -> { }
        }
        if (key instanceof String name) return attribute(obj, name);
        return new Undefined("'" + Values.typeName(obj) + " object' has no element " + Values.repr(key));
    }

    private static int normalizeIndex(long index, int size) {
        long i = index < 0 ? index + size : index;
        return i >= 0 && i < size ? (int) i : -1;
    }

    /** Python slicing of lists, tuples and strings; {@code null} bounds take Python's defaults. */
    static Object slice(Object obj, Object start, Object stop, Object step) {
        if (obj instanceof Undefined u) throw u.error();
        long st = step == null ? 1 : checkedIndex(step);
        if (st == 0) throw new TemplateException("slice step cannot be zero");
        List<Object> items;
        if (obj instanceof String s) items = Values.iterate(s);
        else if (obj instanceof List<?> l) items = new ArrayList<>(l);
        else throw new TemplateException("'" + Values.typeName(obj) + "' object is not subscriptable");
        int n = items.size();
        long lo = st > 0 ? 0 : n - 1;
        long hi = st > 0 ? n : -1;
        if (start != null) lo = clamp(checkedIndex(start), n, st);
        if (stop != null) hi = clamp(checkedIndex(stop), n, st);
        List<Object> out = new ArrayList<>();
        for (long i = lo; st > 0 ? i < hi : i > hi; i += st) out.add(items.get((int) i));
        if (obj instanceof String) return String.join("", out.stream().map(String.class::cast).toList());
        return obj instanceof Tuple ? new Tuple(out) : out;
    }

    private static long checkedIndex(Object v) {
        if (!Values.isInteger(v)) {
            throw new TemplateException("slice indices must be integers or None, not " + Values.typeName(v));
        }
        return Values.toLong(v);
    }

    /** CPython's {@code PySlice_AdjustIndices} for one bound. */
    private static long clamp(long i, int n, long step) {
        if (i < 0) {
            i += n;
            if (i < 0) i = step < 0 ? -1 : 0;
        } else if (i >= n) {
            i = step < 0 ? n - 1 : n;
        }
        return i;
    }
}
