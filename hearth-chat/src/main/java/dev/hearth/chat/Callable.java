package dev.hearth.chat;

/** Anything a template can call: globals, macros, bound Python-style methods, {@code loop.cycle}. */
@FunctionalInterface
interface Callable {
    Object call(Args args);
}
