package dev.hearth.cli;

import dev.hearth.client.inference.ChatCompletionChunk;
import dev.hearth.client.inference.ChatCompletionRequest;
import dev.hearth.client.inference.ChatMessage;
import dev.hearth.client.inference.InferenceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code hearth chat}: OpenAI chat completions with an endpoint. One-shot with {@code --message}; otherwise a loop
 * that reads a user turn per line of stdin, streams the answer, and keeps the whole conversation as history.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Chat with an endpoint; answers are streamed as they come.",
                "Without --message: one user turn per line of stdin, with the history kept; /reset forgets it,",
                "/exit (or end of input) ends."})
public final class ChatCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin ClientOptions client;

    @Option(names = {"-e", "--endpoint"}, required = true, paramLabel = "NAME|URL",
            description = "An endpoint's name, or any OpenAI-compatible TGI URL.")
    String endpoint;

    @Option(names = {"-m", "--message"}, description = "Send this one message, print the answer, and exit.")
    String message;

    @Option(names = {"-s", "--system"}, description = "A system prompt at the start of the conversation.")
    String system;

    @Option(names = "--max-tokens") Integer maxTokens;
    @Option(names = "--temperature") Double temperature;
    @Option(names = "--top-p") Double topP;
    @Option(names = "--seed") Long seed;

    @Override
    public Integer call() {
        return ExitCodes.run(spec, () -> {
            List<ChatMessage> history = new ArrayList<>();
            if (system != null) history.add(ChatMessage.system(system));
            ChatCompletionRequest template = ChatCompletionRequest.builder(List.of()).maxTokens(maxTokens)
                    .temperature(temperature).topP(topP).seed(seed).build();
            Output out = new Output(spec);
            try (var c = client.connect(); InferenceClient ic = c.client(endpoint)) {
                if (message != null) {
                    history.add(ChatMessage.user(message));
                    if (client.json) out.json(ic.chatCompletion(template.withMessages(history)));
                    else answer(ic, template.withMessages(history), out.writer());
                    return ExitCodes.OK;
                }
                loop(ic, template, history, out.writer());
            }
            return ExitCodes.OK;
        });
    }

    private void loop(InferenceClient ic, ChatCompletionRequest template, List<ChatMessage> history, PrintWriter out)
            throws java.io.IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int fresh = history.size(); // the system prompt survives /reset
        boolean interactive = System.console() != null;
        while (true) {
            if (interactive) {
                out.print("> ");
                out.flush();
            }
            String line = in.readLine();
            if (line == null || line.strip().equals("/exit")) return;
            if (line.isBlank()) continue;
            if (line.strip().equals("/reset")) {
                history.subList(fresh, history.size()).clear();
                continue;
            }
            history.add(ChatMessage.user(line));
            history.add(ChatMessage.assistant(answer(ic, template.withMessages(history), out)));
        }
    }

    /** Streams one answer to the terminal and returns its whole text. */
    private static String answer(InferenceClient ic, ChatCompletionRequest request, PrintWriter out) {
        StringBuilder text = new StringBuilder();
        try (Stream<ChatCompletionChunk> chunks = ic.chatCompletionStream(request)) {
            chunks.forEach(chunk -> {
                String piece = chunk.content();
                text.append(piece);
                out.print(piece);
                out.flush();
            });
        }
        out.println();
        out.flush();
        return text.toString();
    }
}
