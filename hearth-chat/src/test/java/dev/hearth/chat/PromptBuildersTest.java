package dev.hearth.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EasyLLM's prompt builders. The first group reproduces the reference outputs from EasyLLM's own
 * test suite (shared/reference/clients.md §3.5); the rest pin down the table's rules.
 */
class PromptBuildersTest {
    private static final List<ChatMessage> SYSTEM_AND_USER = List.of(
            new ChatMessage("system", "You are a chat bot."), new ChatMessage("user", "Hello!"));

    private static final List<ChatMessage> CONVERSATION = List.of(
            new ChatMessage("system", "  Be terse.  "),
            new ChatMessage("user", "  Hi  "),
            new ChatMessage("assistant", "  Hello.  "),
            new ChatMessage("user", "How are you?\n"));

    private static String build(String builder, List<ChatMessage> messages) {
        return PromptBuilders.byName(builder).build(messages);
    }

    private static String build(String builder, String bare) {
        return PromptBuilders.byName(builder).build(bare);
    }

    // ---- EasyLLM's reference outputs ----

    @Test
    void llama2WrapsTheSystemPromptInSysTagsInsideTheFirstInstruction() {
        assertThat(build("llama2", SYSTEM_AND_USER)).isEqualTo("<s>[INST] <<SYS>>\nYou are a chat bot.\n<</SYS>>\n\nHello! [/INST]");
    }

    @Test
    void llama2TurnsABareStringIntoASingleUserInstruction() {
        assertThat(build("llama2", "Hello!")).isEqualTo("<s>[INST] Hello! [/INST]");
    }

    @Test
    void chatmlStarchatTurnsABareStringIntoAnEmptySystemTurnAndAUserTurn() {
        assertThat(build("chatml_starchat", "Hello!")).isEqualTo("<|system|>\n<|end|>\n<|user|>\nHello!<|end|>\n<|assistant|>");
    }

    @Test
    void chatmlStarchatRendersSystemAndUser() {
        assertThat(build("chatml_starchat", SYSTEM_AND_USER))
                .isEqualTo("<|system|>\nYou are a chat bot.<|end|>\n<|user|>\nHello!<|end|>\n<|assistant|>");
    }

    @Test
    void vicunaRendersSystemAndUser() {
        assertThat(build("vicuna", SYSTEM_AND_USER)).isEqualTo("You are a chat bot.\n\nUSER: Hello!\nASSISTANT: ");
    }

    @Test
    void vicunaTurnsABareStringIntoAnEmptySystemBlockAndAUserLine() {
        assertThat(build("vicuna", "Hello!")).isEqualTo("\n\nUSER: Hello!\nASSISTANT: ");
    }

    @Test
    void openAssistantRendersSystemAndUser() {
        assertThat(build("open_assistant", SYSTEM_AND_USER)).isEqualTo("<|system|>You are a chat bot.</s><|prompter|>Hello!</s><|assistant|>");
    }

    @Test
    void openAssistantTurnsABareStringIntoAnEmptySystemTurnAndAPrompterTurn() {
        assertThat(build("open_assistant", "Hello!")).isEqualTo("<|system|></s><|prompter|>Hello!</s><|assistant|>");
    }

    @Test
    void stablebelugaRendersSystemAndUser() {
        assertThat(build("stablebeluga", SYSTEM_AND_USER)).isEqualTo("### System:\nYou are a chat bot.\n\n### User:\nHello!\n\n### Assistant:");
    }

    @Test
    void stablebelugaTurnsABareStringIntoAnEmptySystemSectionAndAUserSection() {
        assertThat(build("stablebeluga", "Hello!")).isEqualTo("### System:\n\n\n### User:\nHello!\n\n### Assistant:");
    }

    @Test
    void wizardlmJoinsSystemAndUserWithASpace() {
        assertThat(build("wizardlm", SYSTEM_AND_USER)).isEqualTo("You are a chat bot. USER: Hello! ASSISTANT: ");
    }

    @Test
    void wizardlmLeftStripsAwayTheEmptySystemPartOfABareString() {
        assertThat(build("wizardlm", "Hello!")).isEqualTo("USER: Hello! ASSISTANT: ");
    }

    // ---- every builder on a whole conversation, per the table ----

    @Test
    void llama2StripsOnlyUserContentAndClosesEachAssistantTurnWithANewInstruction() {
        assertThat(build("llama2", CONVERSATION)).isEqualTo(
                "<s>[INST] <<SYS>>\n  Be terse.  \n<</SYS>>\n\nHi [/INST]   Hello.   </s><s>[INST] How are you? [/INST]");
    }

    @Test
    void chatmlFalconUsesEndoftextAfterEveryStrippedTurn() {
        assertThat(build("chatml_falcon", CONVERSATION)).isEqualTo(
                "<|system|>\nBe terse.<|endoftext|>\n<|user|>\nHi<|endoftext|>\n<|assistant|>\nHello.<|endoftext|>\n"
                        + "<|user|>\nHow are you?<|endoftext|>\n<|assistant|>");
    }

    @Test
    void vicunaEndsAssistantTurnsWithEos() {
        assertThat(build("vicuna", CONVERSATION)).isEqualTo("Be terse.\n\nUSER: Hi\nASSISTANT: Hello.</s>\nUSER: How are you?\nASSISTANT: ");
    }

    @Test
    void openAssistantRendersAWholeConversation() {
        assertThat(build("open_assistant", CONVERSATION)).isEqualTo(
                "<|system|>Be terse.</s><|prompter|>Hi</s><|assistant|>Hello.</s><|prompter|>How are you?</s><|assistant|>");
    }

    @Test
    void stablebelugaRendersAWholeConversation() {
        assertThat(build("stablebeluga", CONVERSATION)).isEqualTo(
                "### System:\nBe terse.\n\n### User:\nHi\n\n### Assistant:\nHello.\n\n### User:\nHow are you?\n\n### Assistant:");
    }

    @Test
    void wizardlmRendersAWholeConversation() {
        assertThat(build("wizardlm", CONVERSATION)).isEqualTo("Be terse. USER: Hi ASSISTANT: Hello. USER: How are you? ASSISTANT: ");
    }

    @Test
    void falconKeepsTheSystemTextUnstripped() {
        assertThat(build("falcon", CONVERSATION)).isEqualTo(
                "System:   Be terse.  \nUser: Hi\nFalcon: Hello.\nUser: How are you?\nFalcon: ");
        assertThat(build("falcon", "Hello!")).isEqualTo("System: \nUser: Hello!\nFalcon: ");
    }

    @Test
    void anthropicPrefixesTurnsWithBlankLinesAndEndsWithATrailingSpace() {
        assertThat(build("anthropic", CONVERSATION)).isEqualTo(
                "  Be terse.  \n\nHuman: Hi\n\nAssistant: Hello.\n\nHuman: How are you?\n\nAssistant: ");
        assertThat(build("anthropic", "Hello!")).isEqualTo("\n\nHuman: Hello!\n\nAssistant: ");
    }

    @Test
    void baseConcatenatesWithoutSeparatorsAndStripsOnlyUserContent() {
        assertThat(build("base", CONVERSATION)).isEqualTo("  Be terse.  USER: HiASSISTANT:   Hello.  USER: How are you?");
    }

    @Test
    void basePassesABareStringThroughUnchangedLikeACompletionWithoutBuilder() {
        assertThat(build("base", " raw prompt ")).isEqualTo(" raw prompt ");
        assertThat(PromptBuilders.byName("base").stopSequences()).isEmpty();
    }

    @Test
    void stripFollowsPythonWhitespaceRulesIncludingNoBreakSpace() {
        assertThat(build("vicuna", List.of(new ChatMessage("user", "\u00a0\t hi \u3000")))).isEqualTo("USER: hi\nASSISTANT: ");
    }

    // ---- rules ----

    @Test
    void chatmlIsAnAliasOfChatmlFalcon() {
        assertThat(PromptBuilders.byName("chatml")).isSameAs(PromptBuilders.byName("chatml_falcon"));
        assertThat(PromptBuilders.byName("chatml").name()).isEqualTo("chatml_falcon");
    }

    @Test
    void namesListsEveryEasyLlmBuilderPlusTheAliasAndBase() {
        assertThat(PromptBuilders.names()).containsExactly("chatml_falcon", "chatml_starchat", "llama2", "open_assistant",
                "stablebeluga", "vicuna", "wizardlm", "falcon", "anthropic", "chatml", "base");
    }

    @Test
    void unknownNamesAreRejectedWithTheAvailableNames() {
        assertThatThrownBy(() -> PromptBuilders.byName("llama3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("llama3")
                .hasMessageContaining("llama2, ")
                .hasMessageContaining("chatml_starchat");
    }

    @ParameterizedTest
    @CsvSource({
        "llama2, Llama 2",
        "chatml_falcon, HF ChatML",
        "chatml_starchat, HF ChatML",
        "vicuna, Vicuna",
        "open_assistant, Open Assistant",
        "stablebeluga, stablebeluga",
        "wizardlm, WizardLM",
        "falcon, falcon",
        "anthropic, anthropic",
        "base, Llama 2"
    })
    void functionMessagesAreRejectedWithEasyLlmsMessage(String builder, String displayName) {
        List<ChatMessage> messages = List.of(new ChatMessage("system", "You are a chat bot."), new ChatMessage("function", "some_function()"));
        assertThatThrownBy(() -> build(builder, messages))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(displayName + " does not support function calls.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama2", "chatml_falcon", "chatml_starchat", "vicuna", "open_assistant", "stablebeluga", "wizardlm",
        "falcon", "anthropic", "base"})
    void aSystemMessageAfterTheFirstPositionIsRejected(String builder) {
        List<ChatMessage> messages = List.of(new ChatMessage("user", "Hi"), new ChatMessage("system", "late"));
        assertThatThrownBy(() -> build(builder, messages))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid message role: system");
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama2", "chatml_falcon", "vicuna", "wizardlm", "base"})
    void unknownRolesAreRejected(String builder) {
        assertThatThrownBy(() -> build(builder, List.of(new ChatMessage("tool", "42"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid message role: tool");
    }

    @Test
    void namedBuildersRejectAnEmptyConversationAsEasyLlmDoes() {
        assertThatThrownBy(() -> build("llama2", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(build("base", List.of())).isEmpty();
    }

    @Test
    void stopSequencesAreTheExportedLists() {
        assertThat(PromptBuilders.byName("llama2").stopSequences()).containsExactly("</s>");
        assertThat(PromptBuilders.byName("chatml_falcon").stopSequences()).containsExactly("<|endoftext|>");
        assertThat(PromptBuilders.byName("chatml_starchat").stopSequences()).containsExactly("<|end|>");
        assertThat(PromptBuilders.byName("vicuna").stopSequences()).containsExactly("</s>");
        assertThat(PromptBuilders.byName("open_assistant").stopSequences()).containsExactly("</s>");
        assertThat(PromptBuilders.byName("stablebeluga").stopSequences()).containsExactly("</s>");
        assertThat(PromptBuilders.byName("wizardlm").stopSequences()).containsExactly("</s>");
        assertThat(PromptBuilders.byName("falcon").stopSequences()).containsExactly("\nUser:", "<|endoftext|>", " User:", "###");
        assertThat(PromptBuilders.byName("anthropic").stopSequences()).containsExactly("\n\nUser:", "User:");
    }

    @Test
    void messagesRequireRoleAndContent() {
        assertThatThrownBy(() -> new ChatMessage(null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ChatMessage("user", null)).isInstanceOf(NullPointerException.class);
    }
}
