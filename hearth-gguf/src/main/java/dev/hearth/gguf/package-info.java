/**
 * Writes GGUF v3 files that llama.cpp loads: metadata ({@link dev.hearth.gguf.GgufValue}), tensors of F32, F16,
 * Q8_0 and Q4_0 ({@link dev.hearth.gguf.GgmlType}, encoded bit for bit as ggml does by
 * {@link dev.hearth.gguf.GgmlQuants}), streamed row by row by {@link dev.hearth.gguf.GgufWriter}.
 *
 * <p>Production code: the safetensors converter (hearth-convert) writes its output with it, and
 * {@link dev.hearth.gguf.llama} builds the random-weight models of {@code hearth up} and of the tests on it.
 */
package dev.hearth.gguf;
