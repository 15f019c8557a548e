package dev.hearth.engine.llama;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiles a C program against llama.h of the pinned release (provisioned by the build into target/llama-headers)
 * and checks that every field Hearth declares sits at the offset the C compiler gives it.
 */
class LlamaStructsLayoutTest {

    @Test
    void everyDeclaredStructMatchesTheSizesAndOffsetsOfThePinnedLlamaHeader(@TempDir Path dir) throws Exception {
        Path headers = Path.of(System.getProperty("llama.headers", "target/llama-headers"));
        assertThat(headers.resolve("llama.h")).as("llama.h provisioned by the build").exists();

        Map<String, StructLayout> structs = new LinkedHashMap<>();
        structs.put("struct llama_model_params", LlamaStructs.MODEL_PARAMS);
        structs.put("struct llama_context_params", LlamaStructs.CONTEXT_PARAMS);
        structs.put("struct llama_batch", LlamaStructs.BATCH);
        structs.put("llama_token_data", LlamaStructs.TOKEN_DATA);
        structs.put("llama_token_data_array", LlamaStructs.TOKEN_DATA_ARRAY);

        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include \"llama.h\"\nint main(void){\n");
        StringBuilder expected = new StringBuilder();
        structs.forEach((cName, layout) -> {
            c.append("printf(\"%s size %zu\\n\", \"").append(cName).append("\", sizeof(").append(cName).append("));\n");
            expected.append(cName).append(" size ").append(layout.byteSize()).append('\n');
            for (MemoryLayout member : layout.memberLayouts()) {
                if (member.name().isEmpty()) continue; // padding
                String field = member.name().get();
                c.append("printf(\"%s.%s %zu\\n\", \"").append(cName).append("\", \"").append(field)
                        .append("\", offsetof(").append(cName).append(", ").append(field).append("));\n");
                expected.append(cName).append('.').append(field).append(' ')
                        .append(LlamaStructs.offset(layout, field)).append('\n');
            }
        });
        c.append("return 0;}\n");
        Path source = Files.writeString(dir.resolve("layout.c"), c.toString());
        Path binary = dir.resolve("layout");

        run(List.of("cc", "-I" + headers, "-o", binary.toString(), source.toString()));
        String actual = run(List.of(binary.toString()));

        assertThat(actual).isEqualTo(expected.toString());
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s failed:%n%s", command, out).isZero();
        return out;
    }
}
