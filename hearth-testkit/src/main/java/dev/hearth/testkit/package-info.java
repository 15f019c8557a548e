/**
 * Test support for Hearth: writes random-weight llama-architecture GGUF models that llama.cpp loads
 * ({@link dev.hearth.testkit.LlamaModelFiles}, {@link dev.hearth.testkit.GgufWriter}), with an SPM
 * vocabulary ({@link dev.hearth.testkit.Vocabulary}), and computes what those models should output with an
 * independent float64 forward pass ({@link dev.hearth.testkit.ReferenceLlama}).
 *
 * <p>Typical use:
 * <pre>{@code
 * LlamaSpec spec = LlamaSpec.tiny();
 * Vocabulary vocab = Vocabulary.withChatTokens().paddedTo(spec.nVocab());
 * Path gguf = LlamaModelFiles.writeGguf(spec, vocab, GgmlType.Q8_0, dir.resolve("tiny.gguf"),
 *         Map.of("tokenizer.chat_template", Vocabulary.CHATML_TEMPLATE));
 * int[] expected = ReferenceLlama.create(spec, GgmlType.Q8_0).greedy(promptIds, 32);
 * }</pre>
 */
package dev.hearth.testkit;
