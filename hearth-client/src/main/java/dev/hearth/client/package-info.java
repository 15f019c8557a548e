/**
 * Hearth's Java SDK. {@link dev.hearth.client.InferenceEndpoints} drives the control plane (create, get, list) and
 * {@link dev.hearth.client.InferenceEndpoint} one endpoint (wait, pause, resume, scale to zero, update, delete,
 * client), {@link dev.hearth.client.Connections} the connections to servers Hearth does not run,
 * {@link dev.hearth.client.BatchFiles} and {@link dev.hearth.client.Batches} OpenAI's Files and Batch APIs;
 * {@code dev.hearth.client.inference} talks to an endpoint's URL; {@code dev.hearth.client.easyllm} offers
 * EasyLLM's OpenAI-style clients. Configuration comes from arguments or the environment ({@link
 * dev.hearth.client.HearthConfig}); failures are the unchecked {@link dev.hearth.client.HearthException} family.
 */
package dev.hearth.client;
