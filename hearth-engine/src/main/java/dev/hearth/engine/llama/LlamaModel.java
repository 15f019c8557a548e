package dev.hearth.engine.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A GGUF model loaded by llama.cpp: weights, vocabulary and metadata. Thread-safe for the read-only calls here
 * (tokenize, pieces, metadata), which llama.cpp allows concurrently with decoding.
 */
public final class LlamaModel implements AutoCloseable {

    private final LlamaLibrary lib;
    private final MemorySegment model;
    private final MemorySegment vocab;
    private final int vocabSize;
    private final byte[][] pieces;
    private final byte[][] specialPieces;
    private final boolean[] endOfGeneration;
    private final boolean[] control;
    private volatile boolean closed;

    private LlamaModel(LlamaLibrary lib, MemorySegment model) throws Throwable {
        this.lib = lib;
        this.model = model;
        this.vocab = (MemorySegment) lib.modelGetVocab.invokeExact(model);
        this.vocabSize = (int) lib.vocabNTokens.invokeExact(vocab);
        // Pieces are looked up for every generated token; a table built once keeps that off the native boundary.
        this.pieces = new byte[vocabSize][];
        this.specialPieces = new byte[vocabSize][];
        this.endOfGeneration = new boolean[vocabSize];
        this.control = new boolean[vocabSize];
        for (int t = 0; t < vocabSize; t++) {
            pieces[t] = piece(t, false);
            specialPieces[t] = piece(t, true);
            endOfGeneration[t] = (boolean) lib.vocabIsEog.invokeExact(vocab, t);
            control[t] = (boolean) lib.vocabIsControl.invokeExact(vocab, t);
        }
    }

    /** Loads the GGUF file at {@code path} into memory (mmap), CPU only. */
    public static LlamaModel load(LlamaLibrary lib, Path path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = (MemorySegment) lib.modelDefaultParams.invokeExact((java.lang.foreign.SegmentAllocator) arena);
            params.set(JAVA_INT, LlamaStructs.offset(LlamaStructs.MODEL_PARAMS, "n_gpu_layers"), 0);
            MemorySegment model = (MemorySegment) lib.modelLoadFromFile.invokeExact(
                    arena.allocateFrom(path.toAbsolutePath().toString()), params);
            if (model.equals(MemorySegment.NULL)) {
                throw new ModelLoadException("llama.cpp could not load " + path
                        + " (not a GGUF file, an unsupported architecture, or a truncated download; the log above says which)");
            }
            return new LlamaModel(lib, model);
        } catch (ModelLoadException e) {
            throw e;
        } catch (Throwable t) {
            throw new ModelLoadException("loading " + path + " failed: " + t);
        }
    }

    MemorySegment handle() {
        return model;
    }

    MemorySegment vocabHandle() {
        return vocab;
    }

    LlamaLibrary library() {
        return lib;
    }

    public int vocabSize() {
        return vocabSize;
    }

    public int bosToken() {
        return call(() -> (int) lib.vocabBos.invokeExact(vocab));
    }

    public int eosToken() {
        return call(() -> (int) lib.vocabEos.invokeExact(vocab));
    }

    public boolean addsBos() {
        return call(() -> (boolean) lib.vocabGetAddBos.invokeExact(vocab));
    }

    public boolean isEndOfGeneration(int token) {
        return token >= 0 && token < vocabSize && endOfGeneration[token];
    }

    public boolean isControl(int token) {
        return token >= 0 && token < vocabSize && control[token];
    }

    public int trainingContextLength() {
        return call(() -> (int) lib.modelNCtxTrain.invokeExact(model));
    }

    public long parameterCount() {
        return call(() -> (long) lib.modelNParams.invokeExact(model));
    }

    public String description() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(256);
            int n = call(() -> (int) lib.modelDesc.invokeExact(model, buf, 256L));
            return n <= 0 ? "" : new String(buf.asSlice(0, Math.min(n, 255)).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
        }
    }

    /** A GGUF metadata value rendered as a string, e.g. {@code general.name}; empty when the key is absent. */
    public Optional<String> metadata(String key) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment k = arena.allocateFrom(key);
            long size = 1 << 12;
            while (true) {
                MemorySegment buf = arena.allocate(size);
                long capacity = size;
                int n = call(() -> (int) lib.modelMetaValStr.invokeExact(model, k, buf, capacity));
                if (n < 0) return Optional.empty();
                if (n < size) return Optional.of(new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8));
                size = n + 1L;
            }
        }
    }

    /** The model's own chat template (GGUF {@code tokenizer.chat_template}), untouched. */
    public Optional<String> chatTemplate() {
        MemorySegment p = call(() -> (MemorySegment) lib.modelChatTemplate.invokeExact(model, MemorySegment.NULL));
        if (p.equals(MemorySegment.NULL)) return Optional.empty();
        return Optional.of(p.reinterpret(Integer.MAX_VALUE).getString(0, StandardCharsets.UTF_8));
    }

    /**
     * Tokenizes {@code text}. {@code addSpecial} lets the model add BOS as its metadata says; {@code parseSpecial}
     * turns special-token text such as {@code <|im_start|>} into those tokens (wanted for rendered chat prompts,
     * unwanted for user text).
     */
    public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(Math.max(1, utf8.length));
            MemorySegment.copy(utf8, 0, in, JAVA_BYTE, 0, utf8.length);
            int capacity = utf8.length + 8;
            while (true) {
                MemorySegment out = arena.allocate(JAVA_INT, capacity);
                int cap = capacity;
                int n = call(() -> (int) lib.tokenize.invokeExact(vocab, in, utf8.length, out, cap, addSpecial, parseSpecial));
                if (n == Integer.MIN_VALUE) throw new IllegalArgumentException("input too long to tokenize");
                if (n >= 0) return out.asSlice(0, (long) n * 4).toArray(JAVA_INT);
                capacity = -n;
            }
        }
    }

    /** The bytes token {@code token} stands for; special tokens render as their text only when asked. */
    public byte[] pieceBytes(int token, boolean renderSpecial) {
        if (token < 0 || token >= vocabSize) return new byte[0];
        return renderSpecial ? specialPieces[token] : pieces[token];
    }

    private byte[] piece(int token, boolean special) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            int size = 64;
            while (true) {
                MemorySegment buf = arena.allocate(size);
                int n = (int) lib.tokenToPiece.invokeExact(vocab, token, buf, size, 0, special);
                if (n >= 0) return Arrays.copyOf(buf.asSlice(0, n).toArray(JAVA_BYTE), n);
                size = -n;
            }
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        call(() -> {
            lib.modelFree.invokeExact(model);
            return null;
        });
    }

    @FunctionalInterface
    interface NativeCall<T> {
        T call() throws Throwable;
    }

    static <T> T call(NativeCall<T> c) {
        try {
            return c.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
