package org.dlnlab.bench;

import org.dlnlab.objective.Objective;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * How the bench times an operation (median seconds per call over batches after a JIT warm-up, and the bytes it
 * allocates per call after them), and where its progress lines go (stderr, one line each).
 */
final class Timer {
    /** Median seconds per operation and bytes allocated per operation after warm-up. */
    record Timing(double seconds, double allocBytes, int ops) {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** What one reading of the counter allocates itself, subtracted from every measurement. */
    private static final long COUNTER_COST = counterCost();
    private static final int BATCHES = 7;

    /** Length of one timed batch: an eighth of --time-ms. */
    final long batchNanos;
    private final PrintWriter err;

    Timer(long batchNanos, PrintWriter err) {
        this.batchNanos = batchNanos;
        this.err = err;
    }

    void progress(String fmt, Object... args) {
        err.println("bench: " + String.format(Locale.ROOT, fmt, args));
        err.flush();
    }

    private static long counterCost() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long a = THREADS.getCurrentThreadAllocatedBytes();
            long b = THREADS.getCurrentThreadAllocatedBytes();
            min = Math.min(min, b - a);
        }
        return min;
    }

    /** Bytes allocated by this thread so far, less what the reading itself allocates. */
    static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes() - COUNTER_COST;
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int m = s.length;
        return m % 2 == 1 ? s[m / 2] : 0.5 * (s[m / 2 - 1] + s[m / 2]);
    }

    Timing gdStep(Objective o, double[] w, double eta) {
        return time(() -> o.gdStep(w, eta));
    }

    Timing hvp(Objective o, double[] v, double[] out) {
        return time(() -> o.hvp(v, out));
    }

    /** Median time per call over timed batches after a JIT warm-up, and the bytes allocated per call after them. */
    Timing time(Runnable op) {
        // Warm-up: long enough for the JIT to settle on this shape (at least 300 calls, at most 4 s).
        long warm = 2 * batchNanos;
        long start = System.nanoTime();
        int calls = 0;
        while (calls < 2 || (System.nanoTime() - start < warm || calls < 300) && System.nanoTime() - start < 4e9) {
            op.run();
            calls++;
        }
        start = System.nanoTime();
        calls = 0;
        while (calls < 2 || System.nanoTime() - start < batchNanos) {
            op.run();
            calls++;
        }
        double per = (System.nanoTime() - start) / (double) calls;
        int batch = (int) Math.max(1, Math.min(Integer.MAX_VALUE / 16, batchNanos / per));
        int batches = per > 5e8 ? 3 : BATCHES;
        double[] t = new double[batches];
        for (int b = 0; b < batches; b++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                op.run();
            }
            t[b] = (System.nanoTime() - t0) / 1e9 / batch;
        }
        // Allocation in the steady state, after the timed batches: the fewer bytes of two windows. Allocation per call
        // shows in both; a one-time event does not (at d = 100, L = 2 about 53 KB once, in 1–2 of 6 fresh JVMs, read
        // as 0.8 B per call of one window; it came with a deoptimization of this loop).
        int more = Math.max(2, Math.min(batch, 100_000));
        long bytes = Long.MAX_VALUE;
        for (int window = 0; window < 2; window++) {
            long a0 = allocated();
            for (int i = 0; i < more; i++) {
                op.run();
            }
            bytes = Math.min(bytes, allocated() - a0);
        }
        return new Timing(median(t), bytes / (double) more, batches * batch);
    }

    static long hash(double[] x) {
        long h = 1;
        for (double v : x) {
            h = 31 * h + Double.doubleToRawLongBits(v);
        }
        return h;
    }
}
