package org.dlnlab.experiments.exec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The progress of a reproduction on a {@link StatusLine}: runs done of the total, the share of the estimated work
 * done, the diverged count, and an ETA from the estimated cost of what is left (a diverged run counts what it
 * spent, not its estimate).
 * <p>
 * The ETA divides the work left by the rate over (at least) the most recent half of the elapsed time. The rate
 * since the start misjudged in both directions: the JIT compiler's first seconds (several seconds of C2 for the Vector API kernels)
 * made it overstate the time left by half on two cores, and the workers' CPU time, which leaves the JIT out,
 * understated it by a third when other programs shared the cores. The latest half drops the warm-up and follows
 * the load the machine has now.
 */
public final class ConsoleProgress implements ProgressListener {
    private final StatusLine status;
    /** (time in ns, work done) after each finished run, in time order. */
    private final List<double[]> history = new ArrayList<>();
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

    ConsoleProgress(StatusLine status) {
        this.status = status;
    }

    @Override
    public void begin(int runs, double cost) {
        total = runs;
        totalCost = cost;
        start = status.now();
        history.add(new double[]{start, 0});
    }

    @Override
    public void phase(String name) {
        family = name;
        status.show(line());
    }

    @Override
    public void runDone(boolean div, double estimated, double spent) {
        done++;
        doneCost += spent;
        // A run that diverged early took less than its estimate: the work left is what the other runs need.
        totalCost -= estimated - spent;
        history.add(new double[]{status.now(), doneCost});
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
        long now = status.now();
        double elapsed = (now - start) / 1e9;
        return String.format(Locale.ROOT, "reproduce [%s] %d/%d runs, %.0f%% of the work, %d diverged, %s elapsed,"
                        + " ETA %s", family, done, total, total == 0 ? 100.0 : 100.0 * doneCost / Math.max(totalCost,
                1e-300), diverged, StatusLine.duration(elapsed), eta(now));
    }

    /** The work left at the rate since the last finished run at or before half the elapsed time. */
    private String eta(long now) {
        if (done == 0 || done >= total) {
            return "–";
        }
        double[] from = history.get(lastAtOrBefore((start + now) / 2.0));
        double work = doneCost - from[1];
        return work > 0 ? StatusLine.duration((now - from[0]) / 1e9 * (totalCost - doneCost) / work) : "–";
    }

    /** The index of the last point at or before time t (the start's point is at or before every t). */
    private int lastAtOrBefore(double t) {
        int lo = 0;
        int hi = history.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (history.get(mid)[0] <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
