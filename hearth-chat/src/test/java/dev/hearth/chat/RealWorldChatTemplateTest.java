package dev.hearth.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real chat templates from Hugging Face model repositories (in {@code chat-templates/}), rendered
 * and compared with what Python's jinja2 produces under transformers' settings
 * (trim_blocks, lstrip_blocks, transformers' tojson, raise_exception and strftime_now).
 */
class RealWorldChatTemplateTest {
    /** strftime_now reads this clock, so date-stamped system prompts are reproducible. */
    private static final Clock JULY_26_2024 = Clock.fixed(Instant.parse("2024-07-26T10:00:00Z"), ZoneOffset.UTC);

    private static final String PIRATE_CHAT = """
            {
              "messages": [
                {"role": "user", "content": "Hello, how are you?"},
                {"role": "assistant", "content": "I'm doing great. How can I help you today?"},
                {"role": "user", "content": "Hello, how are you?"},
                {"role": "user", "content": "I'd like to show off how chat templating works!"}
              ],
              "bos_token": "<s>",
              "eos_token": "</s>"
            }
            """;

    @Test
    void rendersLlama2ChatWithTheSystemPromptFoldedIntoTheFirstInstruction() {
        String rendered = render("llama-2-chat", """
                {
                  "messages": [
                    {"role": "system", "content": "You are a friendly chatbot who always responds in the style of a pirate"},
                    {"role": "user", "content": "Hello, how are you?"},
                    {"role": "assistant", "content": "I'm doing great. How can I help you today?"},
                    {"role": "user", "content": "I'd like to show off how chat templating works!"}
                  ],
                  "bos_token": "<s>",
                  "eos_token": "</s>",
                  "add_generation_prompt": false
                }
                """);
        assertThat(rendered).isEqualTo(
                "<s>[INST] <<SYS>>\n" +
                "You are a friendly chatbot who always responds in the style of a pirate\n" +
                "<</SYS>>\n" +
                "\n" +
                "Hello, how are you? [/INST] I'm doing great. How can I help you today? </s><s>[INST] I'd like to show off how chat templating works! [/INST]");
    }

    @Test
    void rendersLlama2ChatWithoutASystemPromptAndStripsMessageContent() {
        String rendered = render("llama-2-chat", """
                {
                  "messages": [
                    {"role": "user", "content": "  Hi!\\n"},
                    {"role": "assistant", "content": " Hello. "},
                    {"role": "user", "content": "Bye"}
                  ],
                  "bos_token": "<s>",
                  "eos_token": "</s>"
                }
                """);
        assertThat(rendered).isEqualTo(
                "<s>[INST] Hi! [/INST] Hello. </s><s>[INST] Bye [/INST]");
    }

    @Test
    void rendersZephyrWithANewlineAfterEveryTurnAndAGenerationPrompt() {
        String rendered = render("zephyr", """
                {
                  "messages": [
                    {"role": "system", "content": "You are a friendly chatbot who always responds in the style of a pirate"},
                    {"role": "user", "content": "Hello, how are you?"},
                    {"role": "assistant", "content": "I'm doing great. How can I help you today?"},
                    {"role": "user", "content": "I'd like to show off how chat templating works!"}
                  ],
                  "eos_token": "</s>",
                  "add_generation_prompt": true
                }
                """);
        assertThat(rendered).isEqualTo(
                "<|system|>\n" +
                "You are a friendly chatbot who always responds in the style of a pirate</s>\n" +
                "<|user|>\n" +
                "Hello, how are you?</s>\n" +
                "<|assistant|>\n" +
                "I'm doing great. How can I help you today?</s>\n" +
                "<|user|>\n" +
                "I'd like to show off how chat templating works!</s>\n" +
                "<|assistant|>\n");
    }

    @Test
    void rendersZephyrWithoutGenerationPrompt() {
        String rendered = render("zephyr", """
                {
                  "messages": [
                    {"role": "system", "content": "You are a friendly chatbot who always responds in the style of a pirate"},
                    {"role": "user", "content": "Hello, how are you?"},
                    {"role": "assistant", "content": "I'm doing great. How can I help you today?"}
                  ],
                  "eos_token": "</s>",
                  "add_generation_prompt": false
                }
                """);
        assertThat(rendered).isEqualTo(
                "<|system|>\n" +
                "You are a friendly chatbot who always responds in the style of a pirate</s>\n" +
                "<|user|>\n" +
                "Hello, how are you?</s>\n" +
                "<|assistant|>\n" +
                "I'm doing great. How can I help you today?</s>\n");
    }

    @Test
    void rendersTinyLlamaChatWhoseTemplateEscapesNewlines() {
        String rendered = render("tinyllama-chat", """
                {
                  "messages": [
                    {"role": "system", "content": "You are a friendly chatbot who always responds in the style of a pirate"},
                    {"role": "user", "content": "Hello, how are you?"}
                  ],
                  "eos_token": "</s>",
                  "add_generation_prompt": true
                }
                """);
        assertThat(rendered).isEqualTo(
                "<|system|>\n" +
                "You are a friendly chatbot who always responds in the style of a pirate</s>\n" +
                "<|user|>\n" +
                "Hello, how are you?</s>\n" +
                "<|assistant|>\n");
    }

    @Test
    void rendersQwen2ChatMlWithTheDefaultSystemMessageWhenNoneIsGiven() {
        String rendered = render("qwen2-chatml", """
                {
                  "messages": [
                    {"role": "user", "content": "Hello, how are you?"},
                    {"role": "assistant", "content": "I'm doing great. How can I help you today?"},
                    {"role": "user", "content": "I'd like to show off how chat templating works!"}
                  ],
                  "add_generation_prompt": true
                }
                """);
        assertThat(rendered).isEqualTo(
                "<|im_start|>system\n" +
                "You are a helpful assistant.<|im_end|>\n" +
                "<|im_start|>user\n" +
                "Hello, how are you?<|im_end|>\n" +
                "<|im_start|>assistant\n" +
                "I'm doing great. How can I help you today?<|im_end|>\n" +
                "<|im_start|>user\n" +
                "I'd like to show off how chat templating works!<|im_end|>\n" +
                "<|im_start|>assistant\n");
    }

    @Test
    void rendersQwen2ChatMlWithTheCallersSystemMessage() {
        String rendered = render("qwen2-chatml", """
                {
                  "messages": [
                    {"role": "system", "content": "You are a friendly chatbot who always responds in the style of a pirate"},
                    {"role": "user", "content": "Hello, how are you?"}
                  ],
                  "add_generation_prompt": true
                }
                """);
        assertThat(rendered).isEqualTo(
                "<|im_start|>system\n" +
                "You are a friendly chatbot who always responds in the style of a pirate<|im_end|>\n" +
                "<|im_start|>user\n" +
                "Hello, how are you?<|im_end|>\n" +
                "<|im_start|>assistant\n");
    }

    @Test
    void rendersMistralInstructV01WithEosAndSpaceAfterAssistantTurns() {
        String rendered = render("mistral-instruct-v0.1", """
                {
                  "messages": [
                    {"role": "user", "content": "Hello, how are you?"},
                    {"role": "assistant", "content": "I'm doing great. How can I help you today?"},
                    {"role": "user", "content": "I'd like to show off how chat templating works!"}
                  ],
                  "bos_token": "<s>",
                  "eos_token": "</s>"
                }
                """);
        assertThat(rendered).isEqualTo(
                "<s>[INST] Hello, how are you? [/INST]I'm doing great. How can I help you today?</s> [INST] I'd like to show off how chat templating works! [/INST]");
    }

    @Test
    void rendersMistralInstructV03WithToolsBeforeTheLastUserTurnAndTheSystemPromptInsideIt() {
        String rendered = render("mistral-instruct-v0.3", """
                {
                  "messages": [
                    {"role": "system", "content": "You are a friendly chatbot who always responds in the style of a pirate"},
                    {"role": "user", "content": "Hello, how are you?"},
                    {"role": "assistant", "content": "I'm doing great. How can I help you today?"},
                    {"role": "user", "content": "I'd like to show off how chat templating works!"}
                  ],
                  "bos_token": "<s>",
                  "eos_token": "</s>",
                  "tools": [
                    {"type": "function", "function": {"name": "get_current_weather", "description": "Get the current weather in a given location", "parameters": {"type": "object", "properties": {"location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["location"]}}}
                  ]
                }
                """);
        assertThat(rendered).isEqualTo(
                "<s>[INST] Hello, how are you?[/INST] I'm doing great. How can I help you today?</s>[AVAILABLE_TOOLS] [{\"type\": \"function\", \"function\": {\"name\": \"get_current_weather\", \"description\": \"Get the current weather in a given location\", \"parameters\": {\"type\": \"object\", \"properties\": {\"location\": {\"type\": \"string\", \"description\": \"The city and state, e.g. San Francisco, CA\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"celsius\", \"fahrenheit\"]}}, \"required\": [\"location\"]}}}][/AVAILABLE_TOOLS][INST] You are a friendly chatbot who always responds in the style of a pirate\n" +
                "\n" +
                "I'd like to show off how chat templating works![/INST]");
    }

    @Test
    void rendersMistralInstructV03ToolCallsAndToolResults() {
        String rendered = render("mistral-instruct-v0.3", """
                {
                  "messages": [
                    {"role": "user", "content": "What's the weather in Paris?"},
                    {"role": "assistant", "tool_calls": [{"id": "abcDEF123", "type": "function", "function": {"name": "get_current_weather", "arguments": {"location": "Paris, France", "unit": "celsius"}}}]},
                    {"role": "tool", "tool_call_id": "abcDEF123", "content": "22"},
                    {"role": "assistant", "content": "It is 22 degrees in Paris.  "}
                  ],
                  "bos_token": "<s>",
                  "eos_token": "</s>"
                }
                """);
        assertThat(rendered).isEqualTo(
                "<s>[INST] What's the weather in Paris?[/INST][TOOL_CALLS] [{\"name\": \"get_current_weather\", \"arguments\": {\"location\": \"Paris, France\", \"unit\": \"celsius\"}, \"id\": \"abcDEF123\"}]</s>[TOOL_RESULTS] {\"content\": 22, \"call_id\": \"abcDEF123\"}[/TOOL_RESULTS] It is 22 degrees in Paris.</s>");
    }

    @Test
    void rendersLlama3WithTrimmedContentAndBosOnlyOnTheFirstTurn() {
        String rendered = render("llama-3-instruct", """
                {
                  "messages": [
                    {"role": "system", "content": "Be brief.\\n"},
                    {"role": "user", "content": "  What is 2+2?  "},
                    {"role": "assistant", "content": "4"},
                    {"role": "user", "content": "And 3+3?"}
                  ],
                  "bos_token": "<|begin_of_text|>",
                  "add_generation_prompt": true
                }
                """);
        assertThat(rendered).isEqualTo(
                "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n" +
                "\n" +
                "Be brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n" +
                "\n" +
                "What is 2+2?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
                "\n" +
                "4<|eot_id|><|start_header_id|>user<|end_header_id|>\n" +
                "\n" +
                "And 3+3?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
                "\n");
    }

    @Test
    void rendersLlama31WithTheCurrentDateAndNoTools() {
        String rendered = render("llama-3.1-instruct", """
                {
                  "messages": [
                    {"role": "system", "content": "You are a friendly chatbot who always responds in the style of a pirate"},
                    {"role": "user", "content": "Hello, how are you?"}
                  ],
                  "bos_token": "<|begin_of_text|>",
                  "add_generation_prompt": true
                }
                """);
        assertThat(rendered).isEqualTo(
                "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n" +
                "\n" +
                "Cutting Knowledge Date: December 2023\n" +
                "Today Date: 26 Jul 2024\n" +
                "\n" +
                "You are a friendly chatbot who always responds in the style of a pirate<|eot_id|><|start_header_id|>user<|end_header_id|>\n" +
                "\n" +
                "Hello, how are you?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
                "\n");
    }

    @Test
    void rendersLlama31WithToolsInTheFirstUserMessageIndentedJsonAndAToolRoundTrip() {
        String rendered = render("llama-3.1-instruct", """
                {
                  "messages": [
                    {"role": "user", "content": "Weather in Paris? "},
                    {"role": "assistant", "tool_calls": [{"type": "function", "function": {"name": "get_current_weather", "arguments": {"location": "Paris, France"}}}]},
                    {"role": "tool", "content": {"temperature": 22, "unit": "celsius"}},
                    {"role": "tool", "content": "sunny"}
                  ],
                  "bos_token": "<|begin_of_text|>",
                  "add_generation_prompt": true,
                  "tools": [
                    {"type": "function", "function": {"name": "get_current_weather", "description": "Get the current weather in a given location", "parameters": {"type": "object", "properties": {"location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["location"]}}}
                  ]
                }
                """);
        assertThat(rendered).isEqualTo(
                "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n" +
                "\n" +
                "Environment: ipython\n" +
                "Cutting Knowledge Date: December 2023\n" +
                "Today Date: 26 Jul 2024\n" +
                "\n" +
                "<|eot_id|><|start_header_id|>user<|end_header_id|>\n" +
                "\n" +
                "Given the following functions, please respond with a JSON for a function call with its proper arguments that best answers the given prompt.\n" +
                "\n" +
                "Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name and its value}.Do not use variables.\n" +
                "\n" +
                "{\n" +
                "    \"type\": \"function\",\n" +
                "    \"function\": {\n" +
                "        \"name\": \"get_current_weather\",\n" +
                "        \"description\": \"Get the current weather in a given location\",\n" +
                "        \"parameters\": {\n" +
                "            \"type\": \"object\",\n" +
                "            \"properties\": {\n" +
                "                \"location\": {\n" +
                "                    \"type\": \"string\",\n" +
                "                    \"description\": \"The city and state, e.g. San Francisco, CA\"\n" +
                "                },\n" +
                "                \"unit\": {\n" +
                "                    \"type\": \"string\",\n" +
                "                    \"enum\": [\n" +
                "                        \"celsius\",\n" +
                "                        \"fahrenheit\"\n" +
                "                    ]\n" +
                "                }\n" +
                "            },\n" +
                "            \"required\": [\n" +
                "                \"location\"\n" +
                "            ]\n" +
                "        }\n" +
                "    }\n" +
                "}\n" +
                "\n" +
                "Weather in Paris?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
                "\n" +
                "{\"name\": \"get_current_weather\", \"parameters\": {\"location\": \"Paris, France\"}}<|eot_id|><|start_header_id|>ipython<|end_header_id|>\n" +
                "\n" +
                "{\"temperature\": 22, \"unit\": \"celsius\"}<|eot_id|><|start_header_id|>ipython<|end_header_id|>\n" +
                "\n" +
                "\"sunny\"<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n" +
                "\n");
    }

    @Test
    void rendersGemmaWithModelAsTheAssistantRole() {
        String rendered = render("gemma-it", """
                {
                  "messages": [
                    {"role": "user", "content": "Hello, how are you?"},
                    {"role": "assistant", "content": "I'm doing great. How can I help you today?"},
                    {"role": "user", "content": "I'd like to show off how chat templating works!"}
                  ],
                  "bos_token": "<bos>",
                  "add_generation_prompt": true
                }
                """);
        assertThat(rendered).isEqualTo(
                "<bos><start_of_turn>user\n" +
                "Hello, how are you?<end_of_turn>\n" +
                "<start_of_turn>model\n" +
                "I'm doing great. How can I help you today?<end_of_turn>\n" +
                "<start_of_turn>user\n" +
                "I'd like to show off how chat templating works!<end_of_turn>\n" +
                "<start_of_turn>model\n");
    }

    @Test
    void rendersPhi3WithAGenerationPrompt() {
        String rendered = render("phi-3-mini", """
                {
                  "messages": [
                    {"role": "system", "content": "You are a friendly chatbot who always responds in the style of a pirate"},
                    {"role": "user", "content": "Hello, how are you?"},
                    {"role": "assistant", "content": "I'm doing great. How can I help you today?"},
                    {"role": "user", "content": "I'd like to show off how chat templating works!"}
                  ],
                  "eos_token": "<|endoftext|>",
                  "add_generation_prompt": true
                }
                """);
        assertThat(rendered).isEqualTo(
                "<|system|>\n" +
                "You are a friendly chatbot who always responds in the style of a pirate<|end|>\n" +
                "<|user|>\n" +
                "Hello, how are you?<|end|>\n" +
                "<|assistant|>\n" +
                "I'm doing great. How can I help you today?<|end|>\n" +
                "<|user|>\n" +
                "I'd like to show off how chat templating works!<|end|>\n" +
                "<|assistant|>\n");
    }

    @Test
    void rendersPhi3WithEosWhenNoGenerationPromptIsRequested() {
        String rendered = render("phi-3-mini", """
                {
                  "messages": [
                    {"role": "user", "content": "Hello, how are you?"},
                    {"role": "assistant", "content": "I'm doing great. How can I help you today?"}
                  ],
                  "eos_token": "<|endoftext|>",
                  "add_generation_prompt": false
                }
                """);
        assertThat(rendered).isEqualTo(
                "<|user|>\n" +
                "Hello, how are you?<|end|>\n" +
                "<|assistant|>\n" +
                "I'm doing great. How can I help you today?<|end|>\n" +
                "<|endoftext|>");
    }

    @Test
    void rendersQwen25WithToolsAsJsonToolCallsAndGroupedToolResponses() {
        String rendered = render("qwen2.5-instruct", """
                {
                  "messages": [
                    {"role": "user", "content": "Weather in Paris and Lyon?"},
                    {"role": "assistant", "content": "", "tool_calls": [{"type": "function", "function": {"name": "get_current_weather", "arguments": {"location": "Paris", "unit": "celsius"}}}, {"type": "function", "function": {"name": "get_current_weather", "arguments": {"location": "Lyon"}}}]},
                    {"role": "tool", "content": "{\\"temperature\\": 22}"},
                    {"role": "tool", "content": "{\\"temperature\\": 19.5}"},
                    {"role": "assistant", "content": "Paris: 22°C, Lyon: 19.5°C."},
                    {"role": "user", "content": "Thanks"}
                  ],
                  "add_generation_prompt": true,
                  "tools": [
                    {"type": "function", "function": {"name": "get_current_weather", "description": "Get the current weather in a given location", "parameters": {"type": "object", "properties": {"location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["location"]}}}
                  ]
                }
                """);
        assertThat(rendered).isEqualTo(
                "<|im_start|>system\n" +
                "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.\n" +
                "\n" +
                "# Tools\n" +
                "\n" +
                "You may call one or more functions to assist with the user query.\n" +
                "\n" +
                "You are provided with function signatures within <tools></tools> XML tags:\n" +
                "<tools>\n" +
                "{\"type\": \"function\", \"function\": {\"name\": \"get_current_weather\", \"description\": \"Get the current weather in a given location\", \"parameters\": {\"type\": \"object\", \"properties\": {\"location\": {\"type\": \"string\", \"description\": \"The city and state, e.g. San Francisco, CA\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"celsius\", \"fahrenheit\"]}}, \"required\": [\"location\"]}}}\n" +
                "</tools>\n" +
                "\n" +
                "For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n" +
                "<tool_call>\n" +
                "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n" +
                "</tool_call><|im_end|>\n" +
                "<|im_start|>user\n" +
                "Weather in Paris and Lyon?<|im_end|>\n" +
                "<|im_start|>assistant\n" +
                "<tool_call>\n" +
                "{\"name\": \"get_current_weather\", \"arguments\": {\"location\": \"Paris\", \"unit\": \"celsius\"}}\n" +
                "</tool_call>\n" +
                "<tool_call>\n" +
                "{\"name\": \"get_current_weather\", \"arguments\": {\"location\": \"Lyon\"}}\n" +
                "</tool_call><|im_end|>\n" +
                "<|im_start|>user\n" +
                "<tool_response>\n" +
                "{\"temperature\": 22}\n" +
                "</tool_response>\n" +
                "<tool_response>\n" +
                "{\"temperature\": 19.5}\n" +
                "</tool_response><|im_end|>\n" +
                "<|im_start|>assistant\n" +
                "Paris: 22°C, Lyon: 19.5°C.<|im_end|>\n" +
                "<|im_start|>user\n" +
                "Thanks<|im_end|>\n" +
                "<|im_start|>assistant\n");
    }

    @Test
    void rendersQwen25WithoutToolsUsingItsDefaultSystemMessage() {
        String rendered = render("qwen2.5-instruct", """
                {
                  "messages": [
                    {"role": "user", "content": "Hello, how are you?"}
                  ],
                  "add_generation_prompt": true
                }
                """);
        assertThat(rendered).isEqualTo(
                "<|im_start|>system\n" +
                "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n" +
                "<|im_start|>user\n" +
                "Hello, how are you?<|im_end|>\n" +
                "<|im_start|>assistant\n");
    }

    @Test
    void rendersDeepSeekR1WhoseNamespaceHoistsTheSystemPromptAndTracksToolOutputs() {
        String rendered = render("deepseek-r1", """
                {
                  "messages": [
                    {"role": "system", "content": "You are a friendly chatbot who always responds in the style of a pirate"},
                    {"role": "user", "content": "What's 2+2?"},
                    {"role": "assistant", "content": "<think>simple</think>It is 4."},
                    {"role": "user", "content": "Weather?"},
                    {"role": "assistant", "content": null, "tool_calls": [{"type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}}, {"type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Rome\\"}"}}]},
                    {"role": "tool", "content": "22"},
                    {"role": "tool", "content": "25"},
                    {"role": "assistant", "content": "Both are warm."},
                    {"role": "user", "content": "Thanks"}
                  ],
                  "bos_token": "<｜begin▁of▁sentence｜>",
                  "add_generation_prompt": true
                }
                """);
        assertThat(rendered).isEqualTo(
                "<｜begin▁of▁sentence｜>You are a friendly chatbot who always responds in the style of a pirate<｜User｜>What's 2+2?<｜Assistant｜>It is 4.<｜end▁of▁sentence｜><｜User｜>Weather?<｜Assistant｜><｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n" +
                "```json\n" +
                "{\"city\": \"Paris\"}\n" +
                "```<｜tool▁call▁end｜>\n" +
                "<｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n" +
                "```json\n" +
                "{\"city\": \"Rome\"}\n" +
                "```<｜tool▁call▁end｜><｜tool▁calls▁end｜><｜end▁of▁sentence｜><｜tool▁outputs▁begin｜><｜tool▁output▁begin｜>22<｜tool▁output▁end｜>\n" +
                "<｜tool▁output▁begin｜>25<｜tool▁output▁end｜><｜tool▁outputs▁end｜>Both are warm.<｜end▁of▁sentence｜><｜User｜>Thanks<｜Assistant｜><think>\n");
    }

    @Test
    void llama2RejectsNonAlternatingRolesThroughRaiseException() {
        assertThatThrownBy(() -> render("llama-2-chat", PIRATE_CHAT))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Conversation roles must alternate user/assistant/user/assistant/...");
    }

    @Test
    void mistralV01RejectsASystemMessage() {
        assertThatThrownBy(() -> render("mistral-instruct-v0.1", """
                {"messages": [{"role": "system", "content": "Be nice."}, {"role": "user", "content": "Hi"}]}
                """))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Conversation roles must alternate user/assistant/user/assistant/...");
    }

    @Test
    void gemmaRejectsASystemMessage() {
        assertThatThrownBy(() -> render("gemma-it", """
                {"messages": [{"role": "system", "content": "Be nice."}, {"role": "user", "content": "Hi"}]}
                """))
                .isInstanceOf(TemplateException.class)
                .hasMessage("System role not supported");
    }

    @Test
    void mistralV03RejectsToolCallIdsOfTheWrongLength() {
        assertThatThrownBy(() -> render("mistral-instruct-v0.3", """
                {"messages": [
                  {"role": "user", "content": "Weather?"},
                  {"role": "assistant", "tool_calls": [{"id": "short", "function": {"name": "w", "arguments": {}}}]}
                ]}
                """))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Tool call IDs should be alphanumeric strings with length 9!");
    }

    @Test
    void aCompiledTemplateRendersRepeatedlyWithoutSharedState() {
        ChatTemplate template = ChatTemplate.compile(resource("deepseek-r1"));
        Map<String, Object> variables = json("""
                {"messages": [{"role": "tool", "content": "1"}], "bos_token": ""}
                """);
        String first = template.render(variables);
        assertThat(template.render(variables)).isEqualTo(first);
    }

    private static String render(String template, String variablesJson) {
        return ChatTemplate.compile(resource(template)).withClock(JULY_26_2024).render(json(variablesJson));
    }

    private static Map<String, Object> json(String text) {
        try {
            return new ObjectMapper().readValue(text, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = RealWorldChatTemplateTest.class.getResourceAsStream("/chat-templates/" + name + ".jinja")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
