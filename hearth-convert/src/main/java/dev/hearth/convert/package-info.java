/**
 * Converts llama-family Hugging Face safetensors folders to GGUF: {@link dev.hearth.convert.Converter} is
 * the entry point; the pipeline runs config.json ({@link dev.hearth.convert.HfConfig}) → weights
 * ({@link dev.hearth.convert.SafetensorsModel}, renamed and permuted by {@link dev.hearth.convert.TensorNames})
 * → tokenizer ({@link dev.hearth.convert.HfTokenizer}) → GGUF file.
 */
package dev.hearth.convert;
