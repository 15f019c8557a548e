/**
 * The data plane: {@link dev.hearth.client.inference.InferenceClient} for one endpoint URL (TGI's text generation
 * with every parameter, streaming, OpenAI chat completions, feature extraction, tokenize, health, info), typed TGI
 * errors, and cold-start retries.
 */
package dev.hearth.client.inference;
