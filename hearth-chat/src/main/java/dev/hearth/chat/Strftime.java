package dev.hearth.chat;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/** Python's {@code strftime} in the C locale, with glibc's {@code %-d}-style unpadded variants. */
final class Strftime {
    private Strftime() { }

    static String format(String pattern, ZonedDateTime t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 >= pattern.length()) {
                sb.append(c);
                continue;
            }
            char d = pattern.charAt(++i);
            boolean unpadded = d == '-' && i + 1 < pattern.length();
            if (unpadded) d = pattern.charAt(++i);
            sb.append(directive(d, t, unpadded));
        }
        return sb.toString();
    }

    private static String directive(char d, ZonedDateTime t, boolean unpadded) {
        return switch (d) {
            case 'Y' -> Integer.toString(t.getYear());
            case 'y' -> pad(t.getYear() % 100, 2, unpadded);
            case 'm' -> pad(t.getMonthValue(), 2, unpadded);
            case 'd' -> pad(t.getDayOfMonth(), 2, unpadded);
            case 'e' -> String.format("%2d", t.getDayOfMonth());
            case 'H' -> pad(t.getHour(), 2, unpadded);
            case 'I' -> pad(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2, unpadded);
            case 'M' -> pad(t.getMinute(), 2, unpadded);
            case 'S' -> pad(t.getSecond(), 2, unpadded);
            case 'f' -> pad(t.getNano() / 1000, 6, false);
            case 'j' -> pad(t.getDayOfYear(), 3, unpadded);
            case 'p' -> t.getHour() < 12 ? "AM" : "PM";
            case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'w' -> Integer.toString(t.getDayOfWeek().getValue() % 7);
            case 'u' -> Integer.toString(t.getDayOfWeek().getValue());
            case 'Z' -> t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'z' -> t.getOffset().getId().equals("Z") ? "+0000" : t.getOffset().getId().replace(":", "");
            case 'F' -> format("%Y-%m-%d", t);
            case 'T' -> format("%H:%M:%S", t);
            case 'D' -> format("%m/%d/%y", t);
            case '%' -> "%";
            default -> "%" + (unpadded ? "-" : "") + d;
        };
    }

    private static String pad(int value, int width, boolean unpadded) {
        String s = Integer.toString(value);
        return unpadded ? s : "0".repeat(Math.max(0, width - s.length())) + s;
    }
}
