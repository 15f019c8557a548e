/**
 * EasyLLM's {@code easyllm.clients.huggingface} in Java: {@link dev.hearth.client.easyllm.ChatCompletion},
 * {@link dev.hearth.client.easyllm.Completion} and {@link dev.hearth.client.easyllm.Embedding}, with EasyLLM's
 * parameters, defaults and response shapes, configured by {@link dev.hearth.client.easyllm.EasyLlmConfig}
 * ({@code HUGGINGFACE_TOKEN}, {@code HUGGINGFACE_API_BASE}, {@code HUGGINGFACE_PROMPT}). Where EasyLLM has known bugs,
 * these classes do what EasyLLM meant; docs/sdk.md lists each difference.
 */
package dev.hearth.client.easyllm;
