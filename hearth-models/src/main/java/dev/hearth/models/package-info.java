/**
 * What kind of model a {@code --model} or {@code model.repository} string names, and whether Hearth can serve it:
 * {@link dev.hearth.models.ModelLocator} answers with a {@link dev.hearth.models.LocatedModel} (a GGUF file or folder,
 * a safetensors folder whose architecture converts, an ONNX embedding folder, the built-in embedding id, or a Hub id
 * to download). The control plane, the worker command and the CLI ask here; the runtimes (hearth-embed,
 * hearth-convert, hearth-engine) only load what it found.
 *
 * <p>No native code and no runtime: this module depends on hearth-hub (the Hugging Face cache, read through
 * {@link dev.hearth.hub.HubSettings}, the one reader of {@code HF_HOME} and friends) and Jackson only.
 */
package dev.hearth.models;
