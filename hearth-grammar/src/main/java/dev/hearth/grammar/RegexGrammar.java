package dev.hearth.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * Regular expressions to grammars that generate exactly the strings the whole expression matches (TGI's regex
 * grammars match the whole output, as {@link java.util.regex.Pattern#matches} does). Anchors {@code ^} and
 * {@code $} are accepted at the ends and change nothing.
 */
public final class RegexGrammar {
    private RegexGrammar() {
    }

    /** Throws {@link InvalidRegexException} for an expression that does not compile or cannot be expressed. */
    public static Gbnf fromRegex(String regex) {
        if (regex == null) {
            throw new InvalidRegexException("a regular expression is required");
        }
        List<Expr> options = new ArrayList<>();
        for (RegexTranslator.Branch b : RegexTranslator.translate(regex, RegexGrammar::raw)) {
            options.add(b.body());
        }
        Expr root = Expr.alt(options);
        return new Rules().toGbnf(root, why -> new InvalidRegexException(
                "regular expression '" + regex + "' cannot be used: " + why));
    }

    private static Expr raw(CharSet set) {
        return set.single() >= 0 ? Expr.lit(Character.toString(set.single())) : Expr.chars(set);
    }
}
