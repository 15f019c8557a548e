package dev.hearth.engine.llama;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The C structs Hearth passes to llama.cpp, declared field for field as {@code llama.h} of the pinned release
 * (llama.cpp v0.5.0, npm {@code @node-llama-cpp/linux-x64@3.22.1}) declares them on LP64 platforms.
 *
 * <p>These layouts change between llama.cpp releases. {@code LlamaStructsLayoutTest} compiles a C program against the
 * release's own header and checks every size and offset here; bump the npm version and that test says what moved.
 */
public final class LlamaStructs {

    private LlamaStructs() {}

    /** C enums are int-sized on the platforms llama.cpp supports. */
    private static final ValueLayout.OfInt ENUM = JAVA_INT;

    public static final StructLayout MODEL_PARAMS = MemoryLayout.structLayout(
            ADDRESS.withName("devices"),
            ADDRESS.withName("tensor_buft_overrides"),
            JAVA_INT.withName("n_gpu_layers"),
            ENUM.withName("split_mode"),
            ENUM.withName("load_mode"),
            ENUM.withName("lazy_mode"),
            JAVA_INT.withName("main_gpu"),
            paddingLayout(4),
            ADDRESS.withName("tensor_split"),
            ADDRESS.withName("progress_callback"),
            ADDRESS.withName("progress_callback_user_data"),
            ADDRESS.withName("kv_overrides"),
            JAVA_BOOLEAN.withName("vocab_only"),
            JAVA_BOOLEAN.withName("check_tensors"),
            JAVA_BOOLEAN.withName("use_extra_bufts"),
            JAVA_BOOLEAN.withName("no_host"),
            JAVA_BOOLEAN.withName("no_alloc"),
            JAVA_BOOLEAN.withName("load_mtp"),
            paddingLayout(2)
    ).withName("llama_model_params");

    public static final StructLayout CONTEXT_PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("n_ctx"),
            JAVA_INT.withName("n_batch"),
            JAVA_INT.withName("n_ubatch"),
            JAVA_INT.withName("n_seq_max"),
            JAVA_INT.withName("n_rs_seq"),
            JAVA_INT.withName("n_outputs_max"),
            JAVA_INT.withName("n_outputs_max_per_seq"),
            JAVA_INT.withName("n_threads"),
            JAVA_INT.withName("n_threads_batch"),
            ENUM.withName("ctx_type"),
            ENUM.withName("rope_scaling_type"),
            ENUM.withName("pooling_type"),
            ENUM.withName("attention_type"),
            ENUM.withName("flash_attn_type"),
            JAVA_FLOAT.withName("rope_freq_base"),
            JAVA_FLOAT.withName("rope_freq_scale"),
            JAVA_FLOAT.withName("yarn_ext_factor"),
            JAVA_FLOAT.withName("yarn_attn_factor"),
            JAVA_FLOAT.withName("yarn_beta_fast"),
            JAVA_FLOAT.withName("yarn_beta_slow"),
            JAVA_INT.withName("yarn_orig_ctx"),
            JAVA_FLOAT.withName("defrag_thold"),
            ADDRESS.withName("cb_eval"),
            ADDRESS.withName("cb_eval_user_data"),
            ENUM.withName("type_k"),
            ENUM.withName("type_v"),
            ADDRESS.withName("abort_callback"),
            ADDRESS.withName("abort_callback_data"),
            JAVA_BOOLEAN.withName("embeddings"),
            JAVA_BOOLEAN.withName("offload_kqv"),
            JAVA_BOOLEAN.withName("no_perf"),
            JAVA_BOOLEAN.withName("op_offload"),
            JAVA_BOOLEAN.withName("swa_full"),
            JAVA_BOOLEAN.withName("kv_unified"),
            paddingLayout(2),
            ADDRESS.withName("samplers"),
            JAVA_LONG.withName("n_samplers"),
            ADDRESS.withName("ctx_other")
    ).withName("llama_context_params");

    public static final StructLayout BATCH = MemoryLayout.structLayout(
            JAVA_INT.withName("n_tokens"),
            paddingLayout(4),
            ADDRESS.withName("token"),
            ADDRESS.withName("embd"),
            ADDRESS.withName("pos"),
            ADDRESS.withName("n_seq_id"),
            ADDRESS.withName("seq_id"),
            ADDRESS.withName("logits")
    ).withName("llama_batch");

    /** One candidate of a sampler's input: {@code {id, logit, p}}. */
    public static final StructLayout TOKEN_DATA = MemoryLayout.structLayout(
            JAVA_INT.withName("id"),
            JAVA_FLOAT.withName("logit"),
            JAVA_FLOAT.withName("p")
    ).withName("llama_token_data");

    /** The candidates a sampler filters in place ({@code llama_sampler_apply}). */
    public static final StructLayout TOKEN_DATA_ARRAY = MemoryLayout.structLayout(
            ADDRESS.withName("data"),
            JAVA_LONG.withName("size"),
            JAVA_LONG.withName("selected"),
            JAVA_BOOLEAN.withName("sorted"),
            paddingLayout(7)
    ).withName("llama_token_data_array");

    /** Byte offset of a named field, for reads and writes through {@code MemorySegment.get/set}. */
    public static long offset(StructLayout layout, String field) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }
}
