package dev.hearth.client.inference;

/**
 * A non-streamed generation.
 *
 * @param details      {@code null} unless {@link TextGenerationParameters#details()} was set
 * @param promptTokens the prompt's length in tokens, from the {@code x-prompt-tokens} header TGI and Hearth send;
 *                     {@code null} when the server did not send it
 */
public record TextGenerationOutput(String generatedText, Details details, Integer promptTokens) {

    TextGenerationOutput withPromptTokens(Integer n) {
        return new TextGenerationOutput(generatedText, details, n);
    }
}
