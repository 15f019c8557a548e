/**
 * Test support for Hearth, never shipped in the runnable jar: an independent float64 forward pass
 * ({@link dev.hearth.testkit.ReferenceLlama}) computing what hearth-gguf's random-weight llama models
 * ({@code dev.hearth.gguf.llama}) should output, and the same models as Hugging Face safetensors folders
 * ({@link dev.hearth.testkit.HfFolderWriter}) for the converter's tests. A fake Hugging Face Hub for tests is
 * hearth-hub's {@code LocalHub}.
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
