package org.dlnlab.experiments.exec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress of a reproduction on a {@link StatusLine}: runs done of the total, the share of the estimated work
 * done, the diverged count, and an ETA from the estimated cost of what is left.
 */
public final class ConsoleProgress implements ProgressListener {
    private final StatusLine status;
    private long start;
    private int total;
    private int done;
    private int diverged;
    private double totalCost;
    private double doneCost;
    private String family = "";

    public ConsoleProgress(PrintWriter err, boolean interactive) {
        this(new StatusLine(err, interactive));
    }

    ConsoleProgress(PrintWriter err, boolean interactive, LongSupplier clock) {
        this(new StatusLine(err, interactive, clock));
    }

    private ConsoleProgress(StatusLine status) {
        this.status = status;
    }

    @Override
    public void begin(int runs, double cost) {
        total = runs;
        totalCost = cost;
        start = status.now();
    }

    @Override
    public void phase(String name) {
        family = name;
        status.show(line());
    }

    @Override
    public void runDone(boolean div, double cost) {
        done++;
        doneCost += cost;
        if (div) {
            diverged++;
        }
        // A non-interactive log gets no line for the last run: the summary follows at once.
        if (done < total && status.due()) {
            status.show(line());
        }
    }

    @Override
    public void end(String summary) {
        status.finish(summary);
    }

    String line() {
        double elapsed = (status.now() - start) / 1e9;
        String eta = doneCost > 0 && done < total ? StatusLine.duration(elapsed * (totalCost - doneCost) / doneCost)
                : "–";
        return String.format(Locale.ROOT, "reproduce [%s] %d/%d runs, %.0f%% of the work, %d diverged, %s elapsed,"
                        + " ETA %s", family, done, total, total == 0 ? 100.0 : 100.0 * doneCost / Math.max(totalCost,
                1e-300), diverged, StatusLine.duration(elapsed), eta);
    }
}
