package dev.hearth.cli;

import dev.hearth.client.Batch;
import dev.hearth.client.Batches;
import dev.hearth.client.RequestCounts;

import java.io.PrintWriter;

/**
 * How {@code hearth batch submit --wait} shows a batch's progress on stderr: a bar redrawn in place on a terminal,
 * a plain line per change otherwise (logs and CI read those). {@link Batches#waitFor} calls it only on changes.
 */
interface BatchProgress extends Batches.ProgressListener {

    /** Ends the display (the bar's line) before the summary is printed. */
    void finish();

    static BatchProgress forStderr(PrintWriter err, boolean terminal) {
        return terminal ? new Bar(err) : new Lines(err);
    }

    /** {@code batch_abc: in_progress 12/200 (1 failed)}. */
    record Lines(PrintWriter err) implements BatchProgress {
        @Override
        public void progress(Batch b) {
            err.println(b.id() + ": " + b.progress());
            err.flush();
        }

        @Override
        public void finish() {
        }
    }

    /** {@code [##########          ]  50% 100/200 in_progress (1 failed)}, left on screen when done. */
    final class Bar implements BatchProgress {
        static final int WIDTH = 30;
        private final PrintWriter err;
        private boolean drawn;

        Bar(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void progress(Batch b) {
            err.print("\r" + line(b) + "\u001b[K");
            err.flush();
            drawn = true;
        }

        @Override
        public void finish() {
            if (drawn) err.println();
            err.flush();
        }

        static String line(Batch b) {
            RequestCounts c = b.requestCounts();
            int filled = c.total() > 0 ? Math.min(WIDTH, c.done() * WIDTH / c.total()) : 0;
            String pct = c.total() > 0 ? (c.done() * 100 / c.total()) + "%" : "";
            return "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + String.format("%4s", pct) + " "
                    + c.done() + "/" + c.total() + " " + b.status().wire()
                    + (c.failed() > 0 ? " (" + c.failed() + " failed)" : "");
        }
    }
}
