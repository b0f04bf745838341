package org.dlnlab.experiments.exec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The one progress line of a long command on stderr: on a terminal rewritten in place (carriage return, at most 10
 * times a second); otherwise (CI, a pipe) a plain line every {@value #PLAIN_INTERVAL_S} seconds.
 */
public final class StatusLine {
    static final int PLAIN_INTERVAL_S = 5;

    private final PrintWriter err;
    private final boolean interactive;
    private final LongSupplier clock;
    private long lastPrint;
    private int lastLength;

    public StatusLine(PrintWriter err, boolean interactive) {
        this(err, interactive, System::nanoTime);
    }

    StatusLine(PrintWriter err, boolean interactive, LongSupplier clock) {
        this.err = err;
        this.interactive = interactive;
        this.clock = clock;
        lastPrint = clock.getAsLong();
    }

    /** Nanoseconds of the line's clock. */
    public long now() {
        return clock.getAsLong();
    }

    /** Whether a new line is due (its interval has passed since the last one). */
    public boolean due() {
        long interval = interactive ? 100_000_000L : PLAIN_INTERVAL_S * 1_000_000_000L;
        return now() - lastPrint >= interval;
    }

    /** Shows a line now. */
    public void show(String s) {
        lastPrint = now();
        if (interactive) {
            err.print("\r" + s + (s.length() < lastLength ? " ".repeat(lastLength - s.length()) : ""));
            lastLength = s.length();
        } else {
            err.println(s);
        }
        err.flush();
    }

    /** Clears the line on a terminal, then prints the summary, if any, on a line of its own. */
    public void finish(String summary) {
        if (interactive && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
        if (summary != null) {
            err.println(summary);
        }
        err.flush();
    }

    public boolean interactive() {
        return interactive;
    }

    /** A duration as people read it: 42s, 3m07s, 2h05m. */
    public static String duration(double seconds) {
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
