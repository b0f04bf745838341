package org.dlnlab.cli;

import org.dlnlab.experiments.Reproduction;
import org.dlnlab.experiments.exec.ConsoleProgress;
import org.dlnlab.experiments.papers.eos.EdgeOfStability;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** {@code reproduce eos} (alone, or as part of {@code reproduce all} in the folder's {@code eos/}). */
final class EosReproduce {
    private EosReproduce() {
    }

    /** Runs it into dir and prints the summary and claims; 130 when interrupted. */
    static int run(Path dir, Reproduction.Scale scale, int threads, long seed, PrintWriter stdout, PrintWriter err) {
        EdgeOfStability.Outcome o;
        try {
            o = EdgeOfStability.run(dir, scale, threads, seed, new ConsoleProgress(err, System.console() != null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("dlnlab: reproduce eos interrupted; its runs are recomputed on the next invocation");
            return 130;
        }
        stdout.printf(Locale.ROOT, "reproduce eos (%s settings, seed %d, %d thread%s): %d runs computed, %.1f s%n",
                scale.label(), seed, threads, threads == 1 ? "" : "s", o.runs(), o.wallSeconds());
        ReproduceCommand.printClaims(stdout, o.claims(), o.report());
        return 0;
    }
}
