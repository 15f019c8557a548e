package dev.hearth.hub;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which repository files a download wants, with huggingface_hub's {@code allow_patterns} / {@code ignore_patterns}
 * semantics: shell globs matched against the whole repository path as {@code fnmatch} does ({@code *} also crosses
 * {@code /}), a pattern ending in {@code /} means everything under that folder, no allow patterns means all files,
 * and an ignore pattern beats an allow pattern.
 */
public record FilePatterns(List<String> allow, List<String> ignore) {

    public static final FilePatterns ALL = new FilePatterns(List.of(), List.of());

    public FilePatterns {
        allow = allow == null ? List.of() : List.copyOf(allow);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
    }

    public boolean matches(String path) {
        boolean allowed = allow.isEmpty() || allow.stream().anyMatch(p -> glob(p, path));
        return allowed && ignore.stream().noneMatch(p -> glob(p, path));
    }

    public List<String> select(List<String> paths) {
        return paths.stream().filter(this::matches).toList();
    }

    static boolean glob(String pattern, String path) {
        if (pattern.endsWith("/")) pattern = pattern + "*";
        return toRegex(pattern).matcher(path).matches();
    }

    /** fnmatch's translation: {@code *}, {@code ?}, {@code [seq]} and {@code [!seq]}; everything else literal. */
    private static Pattern toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, end);
                        if (set.startsWith("!")) set = "^" + set.substring(1);
                        re.append('[').append(set.replace("\\", "\\\\")).append(']');
                        i = end;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
