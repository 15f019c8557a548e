package dev.hearth.client.easyllm;

/**
 * Token counts. {@code promptTokens} is the server's count ({@code x-prompt-tokens}) when it reports one, else
 * EasyLLM's estimate of a token per four characters.
 */
public record Usage(int promptTokens, int completionTokens, int totalTokens) {}
