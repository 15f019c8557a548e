package dev.hearth.engine.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Downcall handles for the part of llama.cpp's C API that Hearth uses, bound once per process.
 *
 * <p>Signatures follow {@code llama.h} of the pinned release; structs passed by value use {@link LlamaStructs}.
 * Methods here are thin: they translate Java values to C and back, and leave policy to {@link LlamaModel} and
 * {@link LlamaContext}.
 */
public final class LlamaLibrary {

    private static final Linker LINKER = Linker.nativeLinker();

    private final NativeLibraries natives;
    final MethodHandle modelDefaultParams;
    final MethodHandle contextDefaultParams;
    final MethodHandle backendInit;
    final MethodHandle logSet;
    final MethodHandle loadAllFromPath;
    final MethodHandle modelLoadFromFile;
    final MethodHandle modelFree;
    final MethodHandle initFromModel;
    final MethodHandle free;
    final MethodHandle modelGetVocab;
    final MethodHandle modelNCtxTrain;
    final MethodHandle modelMetaValStr;
    final MethodHandle modelDesc;
    final MethodHandle modelChatTemplate;
    final MethodHandle modelNParams;
    final MethodHandle vocabNTokens;
    final MethodHandle vocabBos;
    final MethodHandle vocabEos;
    final MethodHandle vocabIsEog;
    final MethodHandle vocabIsControl;
    final MethodHandle vocabGetAddBos;
    final MethodHandle tokenize;
    final MethodHandle tokenToPiece;
    final MethodHandle nCtx;
    final MethodHandle nCtxSeq;
    final MethodHandle nBatch;
    final MethodHandle getMemory;
    final MethodHandle memorySeqRm;
    final MethodHandle memorySeqPosMax;
    final MethodHandle memoryClear;
    final MethodHandle decode;
    final MethodHandle getLogitsIth;
    final MethodHandle setNThreads;
    final MethodHandle samplerInitGrammar;
    final MethodHandle samplerApply;
    final MethodHandle samplerAccept;
    final MethodHandle samplerClone;
    final MethodHandle samplerFree;

    private LlamaLibrary(NativeLibraries natives, SymbolLookup llama, SymbolLookup ggml) {
        this.natives = natives;
        modelDefaultParams = bind(llama, "llama_model_default_params", FunctionDescriptor.of(LlamaStructs.MODEL_PARAMS));
        contextDefaultParams = bind(llama, "llama_context_default_params", FunctionDescriptor.of(LlamaStructs.CONTEXT_PARAMS));
        backendInit = bind(llama, "llama_backend_init", FunctionDescriptor.ofVoid());
        logSet = bind(llama, "llama_log_set", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        loadAllFromPath = bind(ggml, "ggml_backend_load_all_from_path", FunctionDescriptor.ofVoid(ADDRESS));
        modelLoadFromFile = bind(llama, "llama_model_load_from_file", FunctionDescriptor.of(ADDRESS, ADDRESS, LlamaStructs.MODEL_PARAMS));
        modelFree = bind(llama, "llama_model_free", FunctionDescriptor.ofVoid(ADDRESS));
        initFromModel = bind(llama, "llama_init_from_model", FunctionDescriptor.of(ADDRESS, ADDRESS, LlamaStructs.CONTEXT_PARAMS));
        free = bind(llama, "llama_free", FunctionDescriptor.ofVoid(ADDRESS));
        modelGetVocab = bind(llama, "llama_model_get_vocab", FunctionDescriptor.of(ADDRESS, ADDRESS));
        modelNCtxTrain = bind(llama, "llama_model_n_ctx_train", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        modelMetaValStr = bind(llama, "llama_model_meta_val_str", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        modelDesc = bind(llama, "llama_model_desc", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        modelChatTemplate = bind(llama, "llama_model_chat_template", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        modelNParams = bind(llama, "llama_model_n_params", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        vocabNTokens = bind(llama, "llama_vocab_n_tokens", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        vocabBos = bind(llama, "llama_vocab_bos", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        vocabEos = bind(llama, "llama_vocab_eos", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        vocabIsEog = bind(llama, "llama_vocab_is_eog", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT));
        vocabIsControl = bind(llama, "llama_vocab_is_control", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT));
        vocabGetAddBos = bind(llama, "llama_vocab_get_add_bos", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
        tokenize = bind(llama, "llama_tokenize", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_BOOLEAN, JAVA_BOOLEAN));
        tokenToPiece = bind(llama, "llama_token_to_piece", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_BOOLEAN));
        nCtx = bind(llama, "llama_n_ctx", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        nCtxSeq = bind(llama, "llama_n_ctx_seq", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        nBatch = bind(llama, "llama_n_batch", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getMemory = bind(llama, "llama_get_memory", FunctionDescriptor.of(ADDRESS, ADDRESS));
        memorySeqRm = bind(llama, "llama_memory_seq_rm", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
        memorySeqPosMax = bind(llama, "llama_memory_seq_pos_max", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        memoryClear = bind(llama, "llama_memory_clear", FunctionDescriptor.ofVoid(ADDRESS, JAVA_BOOLEAN));
        decode = bind(llama, "llama_decode", FunctionDescriptor.of(JAVA_INT, ADDRESS, LlamaStructs.BATCH));
        getLogitsIth = bind(llama, "llama_get_logits_ith", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        setNThreads = bind(llama, "llama_set_n_threads", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_INT));
        samplerInitGrammar = bind(llama, "llama_sampler_init_grammar", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        samplerApply = bind(llama, "llama_sampler_apply", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        samplerAccept = bind(llama, "llama_sampler_accept", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        samplerClone = bind(llama, "llama_sampler_clone", FunctionDescriptor.of(ADDRESS, ADDRESS));
        samplerFree = bind(llama, "llama_sampler_free", FunctionDescriptor.ofVoid(ADDRESS));
    }

    /**
     * Loads libggml-base, libggml and libllama from {@code natives}, routes llama.cpp's log to {@code log}
     * (level, line), initialises the backend and loads the CPU backend variant that suits this processor.
     */
    public static LlamaLibrary load(NativeLibraries natives, BiConsumer<Integer, String> log) {
        Arena global = Arena.global();
        SymbolLookup.libraryLookup(natives.library("libggml-base"), global);
        SymbolLookup ggml = SymbolLookup.libraryLookup(natives.library("libggml"), global);
        SymbolLookup llama = SymbolLookup.libraryLookup(natives.library("libllama"), global);
        LlamaLibrary lib = new LlamaLibrary(natives, llama, ggml);
        try {
            lib.logSet.invokeExact(logCallback(log), MemorySegment.NULL);
            lib.loadAllFromPath.invokeExact(global.allocateFrom(natives.directory().toString()));
            lib.backendInit.invokeExact();
        } catch (Throwable t) {
            throw new NativeLibraryException("llama.cpp failed to initialise: " + t);
        }
        return lib;
    }

    public NativeLibraries natives() {
        return natives;
    }

    private static MethodHandle bind(SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(name).orElseThrow(
                () -> new NativeLibraryException("llama.cpp symbol " + name + " not found; is the library the pinned release?"));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    /** An upcall for ggml_log_callback; the stub lives as long as the process, as llama.cpp keeps the pointer. */
    private static MemorySegment logCallback(BiConsumer<Integer, String> log) {
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(LlamaLibrary.class, "onLog",
                    MethodType.methodType(void.class, BiConsumer.class, int.class, MemorySegment.class, MemorySegment.class));
            target = MethodHandles.insertArguments(target, 0, log);
            return LINKER.upcallStub(target, FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, ADDRESS), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unused") // called from native code through the upcall stub
    private static void onLog(BiConsumer<Integer, String> log, int level, MemorySegment text, MemorySegment userData) {
        try {
            String line = text.reinterpret(Integer.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
            log.accept(level, line.stripTrailing());
        } catch (Throwable ignored) {
            // An exception must never unwind into native code; a lost log line is the lesser harm.
        }
    }
}
