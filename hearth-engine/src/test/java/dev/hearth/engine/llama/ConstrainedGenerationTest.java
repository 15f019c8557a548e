package dev.hearth.engine.llama;

import dev.hearth.engine.FinishReason;
import dev.hearth.engine.batch.BatchScheduler;
import dev.hearth.engine.batch.Collected;
import dev.hearth.engine.batch.Generation;
import dev.hearth.engine.batch.GenerationRequest;
import dev.hearth.engine.batch.SchedulerListener;
import dev.hearth.engine.constraint.Constraint;
import dev.hearth.engine.constraint.GrammarRejectedException;
import dev.hearth.engine.sampling.SamplingParams;
import dev.hearth.gguf.GgmlType;
import dev.hearth.gguf.llama.LlamaModelFiles;
import dev.hearth.gguf.llama.LlamaSpec;
import dev.hearth.gguf.llama.Vocabulary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** llama.cpp's grammar sampler under Hearth's sampler and scheduler, on a random-weight model. */
class ConstrainedGenerationTest {

    static final LlamaSpec SPEC = LlamaSpec.tiny();

    /** A small record: every field bounded, so random weights cannot wander off into endless text. */
    static final String RECORD_GBNF = """
            root ::= "{\\"id\\": " digit{1,3} ", \\"ok\\": " ("true" | "false") ", \\"tag\\": \\"" [a-z]{0,6} "\\"}"
            digit ::= [0-9]
            """;
    static final Pattern RECORD = Pattern.compile("\\{\"id\": [0-9]{1,3}, \"ok\": (true|false), \"tag\": \"[a-z]{0,6}\"}");

    @TempDir static Path dir;
    static LlamaRuntime runtime;
    static BatchScheduler scheduler;

    @BeforeAll
    static void load() {
        Path gguf = LlamaModelFiles.writeGguf(SPEC, Vocabulary.english().paddedTo(SPEC.nVocab()), GgmlType.F32,
                dir.resolve("tiny-f32.gguf"));
        LlamaLibrary lib = LlamaLibrary.load(NativeLibraries.locate(), (level, line) -> {});
        runtime = LlamaRuntime.open(lib, gguf, trained -> 512, 4, 512, 2);
        scheduler = new BatchScheduler(runtime, 64, SchedulerListener.NONE);
    }

    @AfterAll
    static void close() {
        scheduler.close();
        runtime.close();
    }

    static GenerationRequest request(int[] prompt, SamplingParams sampling, int n, Constraint constraint) {
        return new GenerationRequest(prompt, sampling, n, List.of(), 0, false, constraint);
    }

    static SamplingParams sampled(long seed) {
        return new SamplingParams(true, 1.0, 0, 1.0, 1.0, 1.0, 0, 0, seed);
    }

    @Test
    void aChoiceGrammarGivesOneOfItsAlternativesAndThenEndOfGeneration() throws Exception {
        Constraint yesNo = runtime.grammars().compile("root ::= \"yes\" | \"no\"");
        int[] prompt = runtime.tokenize("is the sky green", true, false);
        for (long seed = 1; seed <= 10; seed++) {
            Collected got = Collected.drain(scheduler.submit(request(prompt, sampled(seed), 50, yesNo)));
            assertThat(got.result().text()).isIn("yes", "no");
            assertThat(got.result().finishReason()).isEqualTo(FinishReason.EOS_TOKEN);
        }
    }

    @Test
    void everySampledOutputUnderAHandWrittenGrammarIsInItsLanguage() throws Exception {
        Constraint record = runtime.grammars().compile(RECORD_GBNF);
        int[] prompt = runtime.tokenize("write a record", true, false);
        int seeds = 40;
        List<Generation> running = new ArrayList<>();
        for (long seed = 0; seed < seeds; seed++) running.add(scheduler.submit(request(prompt, sampled(seed), 200, record)));
        List<String> texts = new ArrayList<>();
        for (Generation g : running) {
            Collected got = Collected.drain(g);
            assertThat(got.failure()).isNull();
            // The grammar bounds the output at 47 characters, so 200 tokens always reach its end.
            assertThat(got.result().finishReason()).isEqualTo(FinishReason.EOS_TOKEN);
            assertThat(got.result().text()).matches(RECORD);
            texts.add(got.result().text());
        }
        assertThat(texts.stream().distinct().count()).as("sampling still varies within the grammar").isGreaterThan(seeds / 2);
    }

    @Test
    void withoutTheGrammarTheSameModelAlmostNeverWritesSuchARecord() throws Exception {
        int[] prompt = runtime.tokenize("write a record", true, false);
        int matching = 0;
        for (long seed = 0; seed < 10; seed++) {
            String text = Collected.drain(scheduler.submit(request(prompt, sampled(seed), 40, null))).result().text();
            if (RECORD.matcher(text).matches()) matching++;
        }
        assertThat(matching).isZero();
    }

    @Test
    void aGreedyConstrainedSequenceInABatchWithFreeOnesGeneratesWhatItDoesAloneAndLeavesThemUnchanged() throws Exception {
        Constraint record = runtime.grammars().compile(RECORD_GBNF);
        int[] constrainedPrompt = runtime.tokenize("the record is", true, false);
        List<int[]> freePrompts = List.of(
                runtime.tokenize("once upon a time", true, false),
                runtime.tokenize("in the beginning there was", true, false),
                runtime.tokenize("hello", true, false));
        SamplingParams greedy = SamplingParams.greedy();

        Collected alone = Collected.drain(scheduler.submit(request(constrainedPrompt, greedy, 100, record)));
        int[] constrainedAlone = alone.ids();
        List<int[]> freeAlone = new ArrayList<>();
        for (int[] p : freePrompts) freeAlone.add(Collected.drain(scheduler.submit(request(p, greedy, 32, null))).ids());

        Generation constrained = scheduler.submit(request(constrainedPrompt, greedy, 100, record));
        List<Generation> free = new ArrayList<>();
        for (int[] p : freePrompts) free.add(scheduler.submit(request(p, greedy, 32, null)));

        assertThat(Collected.drain(constrained).ids()).isEqualTo(constrainedAlone);
        for (int i = 0; i < free.size(); i++) {
            assertThat(Collected.drain(free.get(i)).ids()).as("free sequence %d", i).isEqualTo(freeAlone.get(i));
        }
        assertThat(alone.result().text()).matches(RECORD);
    }

    @Test
    void aGrammarThatLlamaCppCannotParseIsRefusedWithATypedException() {
        assertThatThrownBy(() -> runtime.grammars().compile("root ::= \"unterminated"))
                .isInstanceOf(GrammarRejectedException.class);
        assertThatThrownBy(() -> runtime.grammars().compile("root ::= undefined-rule"))
                .isInstanceOf(GrammarRejectedException.class);
        assertThatThrownBy(() -> runtime.grammars().compile("  "))
                .isInstanceOf(GrammarRejectedException.class);
    }

    @Test
    void theSameGrammarTextIsCompiledOnce() {
        String gbnf = "root ::= [a-c]{2}";
        assertThat(runtime.grammars().compile(gbnf)).isSameAs(runtime.grammars().compile(gbnf));
    }
}
