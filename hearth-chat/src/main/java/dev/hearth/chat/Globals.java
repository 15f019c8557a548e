package dev.hearth.chat;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The global functions transformers makes available to chat templates, plus Jinja's own. */
final class Globals {
    /** Jinja's sandbox refuses larger ranges, so a template cannot exhaust memory. */
    private static final long MAX_RANGE = 100_000;

    private Globals() { }

    static Renderer.Scope create(Clock clock) {
        Renderer.Scope scope = new Renderer.Scope(null);
        scope.set("range", (Callable) Globals::range);
        scope.set("dict", (Callable) Globals::dict);
        scope.set("namespace", (Callable) a -> new Namespace(mapping(a)));
        scope.set("raise_exception", (Callable) a -> {
            throw new TemplateException(Values.str(a.get(0, "message", "")), true);
        });
        scope.set("strftime_now", (Callable) a -> Strftime.format(Values.str(a.get(0, "format", "")), ZonedDateTime.now(clock)));
        return scope;
    }

    private static Object range(Args a) {
        long start = 0;
        long stop;
        long step = 1;
        if (a.size() == 1) {
            stop = integer(a.positional().get(0));
        } else if (a.size() == 2 || a.size() == 3) {
            start = integer(a.positional().get(0));
            stop = integer(a.positional().get(1));
            if (a.size() == 3) step = integer(a.positional().get(2));
        } else {
            throw new TemplateException("range expected 1 to 3 arguments, got " + a.size());
        }
        if (step == 0) throw new TemplateException("range() arg 3 must not be zero");
        long count = step > 0 ? Math.max(0, (stop - start + step - 1) / step) : Math.max(0, (start - stop - step - 1) / -step);
        if (count > MAX_RANGE) {
            throw new TemplateException("Range too big. The sandbox blocks ranges larger than MAX_RANGE (" + MAX_RANGE + ").");
        }
        List<Object> values = new ArrayList<>();
        for (long i = 0; i < count; i++) values.add(start + i * step);
        return values;
    }

    private static long integer(Object v) {
        if (!Values.isInteger(v)) throw new TemplateException("'" + Values.typeName(v) + "' object cannot be interpreted as an integer");
        return Values.toLong(v);
    }

    private static Object dict(Args a) {
        return new LinkedHashMap<Object, Object>(mapping(a));
    }

    /** {@code f(mapping_or_pairs?, **kwargs)} as dict() and namespace() accept it. */
    private static Map<String, Object> mapping(Args a) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (a.size() > 0) {
            Object source = a.positional().get(0);
            if (source instanceof Map<?, ?> m) {
                m.forEach((k, v) -> out.put(Values.str(k), v));
            } else {
                for (Object pair : Values.iterate(source)) {
                    List<Object> kv = Values.iterate(pair);
                    out.put(Values.str(kv.get(0)), kv.get(1));
                }
            }
        }
        out.putAll(a.keywords());
        return out;
    }
}
