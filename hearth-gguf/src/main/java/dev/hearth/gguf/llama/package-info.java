/**
 * Random-weight llama-architecture models written as GGUF: a shape and seed ({@link dev.hearth.gguf.llama.LlamaSpec}),
 * deterministic weights ({@link dev.hearth.gguf.llama.LlamaTensors}, {@link dev.hearth.gguf.llama.LlamaWeights}),
 * an SPM vocabulary with optional ChatML tokens ({@link dev.hearth.gguf.llama.Vocabulary}) and the file writer
 * ({@link dev.hearth.gguf.llama.LlamaModelFiles}). {@code hearth up} serves such a model when given none; the tests
 * use the same files, and the testkit's {@code ReferenceLlama} computes what they should output.
 *
 * <pre>{@code
 * LlamaSpec spec = LlamaSpec.tiny();
 * Vocabulary vocab = Vocabulary.withChatTokens().paddedTo(spec.nVocab());
 * Path gguf = LlamaModelFiles.writeGguf(spec, vocab, GgmlType.Q8_0, dir.resolve("tiny.gguf"),
 *         Map.of("tokenizer.chat_template", Vocabulary.CHATML_TEMPLATE));
 * }</pre>
 */
package dev.hearth.gguf.llama;
