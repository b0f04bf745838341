package org.dlnlab.experiments.exec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress on stderr: runs done, diverged count and an ETA from the estimated cost of what is left. On a
 * terminal one line rewritten in place (carriage return, at most 10 times a second); otherwise (CI, a pipe)
 * a plain line every {@value #PLAIN_INTERVAL_S} seconds.
 */
public final class ConsoleProgress implements ProgressListener {
    static final int PLAIN_INTERVAL_S = 5;

    private final PrintWriter err;
    private final boolean interactive;
    private final LongSupplier clock;
    private long start;
    private long lastPrint;
    private int total;
    private int done;
    private int diverged;
    private double totalCost;
    private double doneCost;
    private String family = "";
    private int lastLength;

    public ConsoleProgress(PrintWriter err, boolean interactive) {
        this(err, interactive, System::nanoTime);
    }

    ConsoleProgress(PrintWriter err, boolean interactive, LongSupplier clock) {
        this.err = err;
        this.interactive = interactive;
        this.clock = clock;
    }

    @Override
    public void begin(int runs, double cost) {
        total = runs;
        totalCost = cost;
        start = clock.getAsLong();
        lastPrint = start;
    }

    @Override
    public void phase(String name) {
        family = name;
        print(true);
    }

    @Override
    public void runDone(boolean div, double cost) {
        done++;
        doneCost += cost;
        if (div) {
            diverged++;
        }
        print(false);
    }

    @Override
    public void end(String summary) {
        if (interactive && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
        }
        err.println(summary);
        err.flush();
    }

    String line() {
        double elapsed = (clock.getAsLong() - start) / 1e9;
        String eta = doneCost > 0 && done < total ? duration(elapsed * (totalCost - doneCost) / doneCost) : "–";
        return String.format(Locale.ROOT, "reproduce [%s] %d/%d runs (%.0f%%), %d diverged, %s elapsed, ETA %s",
                family, done, total, total == 0 ? 100.0 : 100.0 * doneCost / Math.max(totalCost, 1e-300), diverged,
                duration(elapsed), eta);
    }

    private void print(boolean force) {
        long now = clock.getAsLong();
        long interval = interactive ? 100_000_000L : PLAIN_INTERVAL_S * 1_000_000_000L;
        if (!force && now - lastPrint < interval && done < total) {
            return;
        }
        if (!interactive && !force && done == total) {
            return;
        }
        lastPrint = now;
        String s = line();
        if (interactive) {
            err.print("\r" + s + (s.length() < lastLength ? " ".repeat(lastLength - s.length()) : ""));
            lastLength = s.length();
        } else {
            err.println(s);
        }
        err.flush();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
