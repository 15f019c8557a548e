package dev.hearth.worker.http;

import dev.hearth.api.tgi.BestOfSequence;
import dev.hearth.api.tgi.Details;
import dev.hearth.api.tgi.FinishReason;
import dev.hearth.api.tgi.PrefillToken;
import dev.hearth.api.tgi.StreamDetails;
import dev.hearth.api.tgi.Token;
import dev.hearth.engine.batch.GeneratedToken;
import dev.hearth.engine.batch.GenerationResult;
import dev.hearth.engine.batch.PromptToken;
import dev.hearth.worker.generation.Completion;

import java.util.List;

/** Engine results in TGI's wire records. */
public final class TgiMapping {

    private TgiMapping() {}

    public static Token token(GeneratedToken t) {
        return new Token(t.id(), t.text(), (float) t.logprob(), t.special());
    }

    public static List<Token> topTokens(GeneratedToken t) {
        return t.top().stream().map(a -> new Token(a.id(), a.text(), (float) a.logprob(), a.special())).toList();
    }

    public static FinishReason finishReason(dev.hearth.engine.FinishReason reason) {
        return switch (reason) {
            case LENGTH -> FinishReason.LENGTH;
            case EOS_TOKEN -> FinishReason.EOS_TOKEN;
            case STOP_SEQUENCE -> FinishReason.STOP_SEQUENCE;
        };
    }

    public static Details details(Completion c, boolean withTopTokens) {
        List<BestOfSequence> others = c.others().isEmpty() ? null : c.others().stream().map(o -> new BestOfSequence(
                o.result().text(), finishReason(o.result().finishReason()), o.result().generatedTokens(), o.seed(),
                prefill(o.result()), o.tokens().stream().map(TgiMapping::token).toList(),
                withTopTokens ? o.tokens().stream().map(TgiMapping::topTokens).toList() : List.of())).toList();
        return new Details(finishReason(c.result().finishReason()), c.result().generatedTokens(), c.seed(),
                prefill(c.result()), c.tokens().stream().map(TgiMapping::token).toList(), others,
                withTopTokens ? c.tokens().stream().map(TgiMapping::topTokens).toList() : List.of(),
                c.result().cachedTokens());
    }

    public static StreamDetails streamDetails(GenerationResult r, Long seed) {
        return new StreamDetails(finishReason(r.finishReason()), r.generatedTokens(), seed, r.inputTokens(),
                r.cachedTokens());
    }

    private static List<PrefillToken> prefill(GenerationResult r) {
        return r.promptTokens().stream().map(TgiMapping::prefillToken).toList();
    }

    private static PrefillToken prefillToken(PromptToken p) {
        return new PrefillToken(p.id(), p.text(), (float) p.logprob());
    }
}
