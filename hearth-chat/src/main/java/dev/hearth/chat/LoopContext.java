package dev.hearth.chat;

import java.util.List;

/**
 * The {@code loop} variable of a for loop. One instance serves the whole loop and is advanced
 * per iteration, so that {@code loop.changed} can remember the previous value.
 */
final class LoopContext {
    private final List<Object> items;
    private int index;
    private Object lastChanged = new Object();

    LoopContext(List<Object> items) {
        this.items = items;
    }

    void moveTo(int index) {
        this.index = index;
    }

    Object attribute(String name) {
        int n = items.size();
        return switch (name) {
            case "index" -> (long) index + 1;
            case "index0" -> (long) index;
            case "revindex" -> (long) (n - index);
            case "revindex0" -> (long) (n - index - 1);
            case "first" -> index == 0;
            case "last" -> index == n - 1;
            case "length" -> (long) n;
            case "depth" -> 1L;
            case "depth0" -> 0L;
            case "previtem" -> index > 0 ? items.get(index - 1) : new Undefined("there is no previous item");
            case "nextitem" -> index < n - 1 ? items.get(index + 1) : new Undefined("there is no next item");
            case "cycle" -> (Callable) this::cycle;
            case "changed" -> (Callable) this::changed;
            default -> Undefined.missingAttribute(this, name);
        };
    }

    private Object cycle(Args args) {
        if (args.size() == 0) throw new TemplateException("no items for cycling given");
        return args.positional().get(index % args.size());
    }

    private Object changed(Args args) {
        List<Object> value = args.positional();
        if (value.equals(lastChanged)) return false;
        lastChanged = value;
        return true;
    }
}
