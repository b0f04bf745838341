package org.dlnlab.experiments.exec;

import java.util.Locale;

/**
 * The progress of a sweep on a {@link StatusLine}: runs done of the total, runs per second, the diverged and failed
 * counts so far, and an ETA from the rate so far (a sweep's runs are alike, so the count of runs left is its
 * measure of the work left).
 */
public final class SweepProgress {
    private final StatusLine status;
    private long start;
    private int total;
    private int done;
    private int diverged;
    private int failed;

    public SweepProgress(StatusLine status) {
        this.status = status;
        start = status.now();
    }

    /** Before any run: how many will run. */
    public synchronized void begin(int runs) {
        total = runs;
        start = status.now();
        status.show(line());
    }

    /** One run finished (failed: it threw; its error is in the results). */
    public synchronized void runDone(boolean div, boolean fail) {
        done++;
        diverged += div ? 1 : 0;
        failed += fail ? 1 : 0;
        if (done < total && status.due()) {
            status.show(line());
        }
    }

    public synchronized void end(String summary) {
        status.finish(summary);
    }

    synchronized String line() {
        double elapsed = (status.now() - start) / 1e9;
        double rate = elapsed > 0 ? done / elapsed : 0;
        String eta = done > 0 && done < total ? StatusLine.duration((total - done) / rate) : "–";
        return String.format(Locale.ROOT, "sweep %d/%d runs, %.1f runs/s, %d diverged, %d failed, %s elapsed, ETA %s",
                done, total, rate, diverged, failed, StatusLine.duration(elapsed), eta);
    }
}
