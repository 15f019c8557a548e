package dev.hearth.bench;

import dev.hearth.gguf.GgmlType;

/**
 * One row of the result: a weight type at one stream count, the best pass of each way of driving the engine.
 *
 * @param raw       llama.cpp called directly ({@link RawEngineLoop})
 * @param scheduler the batch scheduler without HTTP ({@link SchedulerLoad})
 * @param http      the worker over HTTP ({@link HttpLoad})
 */
record Cell(GgmlType type, int streams, DecodeRate raw, DecodeRate scheduler, DecodeRate http) {

    Cell withPass(DecodeRate r, DecodeRate s, DecodeRate h) {
        return new Cell(type, streams, DecodeRate.best(raw, r), DecodeRate.best(scheduler, s), DecodeRate.best(http, h));
    }
}
