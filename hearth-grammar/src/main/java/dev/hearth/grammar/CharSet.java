package dev.hearth.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** A set of Unicode code points, kept as sorted, disjoint, non-adjacent inclusive ranges. Immutable. */
record CharSet(List<Range> ranges) {
    static final int MAX = Character.MAX_CODE_POINT;
    static final CharSet EMPTY = new CharSet(List.of());
    static final CharSet ALL = range(0, MAX);

    record Range(int from, int to) {
    }

    CharSet {
        ranges = List.copyOf(normalized(ranges));
    }

    static CharSet of(int codePoint) {
        return range(codePoint, codePoint);
    }

    static CharSet range(int from, int to) {
        return new CharSet(List.of(new Range(from, to)));
    }

    /** The code points of {@code chars}, each one a member. */
    static CharSet chars(String chars) {
        List<Range> list = new ArrayList<>();
        chars.codePoints().forEach(c -> list.add(new Range(c, c)));
        return new CharSet(list);
    }

    CharSet union(CharSet other) {
        List<Range> all = new ArrayList<>(ranges);
        all.addAll(other.ranges);
        return new CharSet(all);
    }

    CharSet complement() {
        List<Range> out = new ArrayList<>();
        int next = 0;
        for (Range r : ranges) {
            if (r.from > next) {
                out.add(new Range(next, r.from - 1));
            }
            next = r.to + 1;
        }
        if (next <= MAX) {
            out.add(new Range(next, MAX));
        }
        return new CharSet(out);
    }

    CharSet intersect(CharSet other) {
        return complement().union(other.complement()).complement();
    }

    CharSet minus(CharSet other) {
        return intersect(other.complement());
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    boolean contains(int codePoint) {
        for (Range r : ranges) {
            if (codePoint >= r.from && codePoint <= r.to) {
                return true;
            }
        }
        return false;
    }

    /** The single member, or -1 when the set has zero or several members. */
    int single() {
        return ranges.size() == 1 && ranges.getFirst().from == ranges.getFirst().to ? ranges.getFirst().from : -1;
    }

    /** How many code points, saturating at Integer.MAX_VALUE is not needed: the whole range fits an int. */
    int size() {
        int n = 0;
        for (Range r : ranges) {
            n += r.to - r.from + 1;
        }
        return n;
    }

    /** Every member, in order; only for small sets. */
    int[] members() {
        int[] out = new int[size()];
        int i = 0;
        for (Range r : ranges) {
            for (int c = r.from; c <= r.to; c++) {
                out[i++] = c;
            }
        }
        return out;
    }

    private static List<Range> normalized(List<Range> input) {
        Range[] sorted = input.toArray(Range[]::new);
        Arrays.sort(sorted, Comparator.comparingInt(Range::from));
        List<Range> out = new ArrayList<>();
        for (Range r : sorted) {
            if (r.from > r.to || r.from < 0 || r.to > MAX) {
                throw new IllegalArgumentException("bad code point range " + r);
            }
            if (!out.isEmpty() && r.from <= out.getLast().to + 1) {
                Range last = out.removeLast();
                out.add(new Range(last.from, Math.max(last.to, r.to)));
            } else {
                out.add(r);
            }
        }
        return out;
    }
}
