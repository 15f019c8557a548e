package dev.hearth.embed.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.BodyRejection;
import dev.hearth.embed.service.Input;

import java.util.ArrayList;
import java.util.List;

/**
 * TEI's untagged {@code Input}: {@code Single(InputType) | Batch(Vec<InputType>)} with {@code InputType = String |
 * Vec<u32>}, tried in that order as serde does. So {@code []} is a single empty id list (refused later as empty),
 * {@code [1,2]} is one tokenized input, and {@code ["a", [1,2]]} a batch of two.
 *
 * @param inputs    the inputs, in order
 * @param batchForm whether the client sent a list of inputs
 */
record Inputs(List<Input> inputs, boolean batchForm) {

    static Inputs parse(JsonNode node, String field) {
        if (node.isTextual()) return new Inputs(List.of(new Input.Text(node.textValue())), false);
        if (node.isArray()) {
            long[] ids = ids(node);
            if (ids != null) return new Inputs(List.of(new Input.Ids(ids)), false);
            List<Input> batch = new ArrayList<>(node.size());
            for (JsonNode item : node) {
                if (item.isTextual()) {
                    batch.add(new Input.Text(item.textValue()));
                } else if ((ids = item.isArray() ? ids(item) : null) != null) {
                    batch.add(new Input.Ids(ids));
                } else {
                    throw mismatch(field);
                }
            }
            return new Inputs(batch, true);
        }
        throw mismatch(field);
    }

    /** The array as u32 ids, or null when some element is not an integer in [0, 2^32). */
    private static long[] ids(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode n = array.get(i);
            if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0 || n.longValue() > 0xFFFF_FFFFL) return null;
            out[i] = n.longValue();
        }
        return out;
    }

    private static BodyRejection mismatch(String field) {
        return BodyRejection.invalid(field + ": data did not match any variant of untagged enum Input", null);
    }
}
