package org.dlnlab.kernels;

import org.dlnlab.InvalidInputException;
import org.dlnlab.InvalidInputException.Input;
import org.dlnlab.InvalidInputException.Setting;
import org.dlnlab.InvalidInputException.Text;

import java.util.Locale;

/**
 * How much memory a run needs, decided from the problem size alone so that results never depend on the heap:
 * the Lanczos basis holds at most {@link #LANCZOS_BASIS_BYTES} (beyond that it restarts, keeping its best Ritz
 * vectors), and a run that cannot fit in this JVM is refused before it allocates anything, naming what it needs.
 */
public final class MemoryBudget {
    /**
     * Most bytes the Lanczos basis may hold (at least {@link #LANCZOS_MIN_EXTRA} vectors beyond k are kept). 2 GiB
     * keeps every net below 2.7·10^5 parameters restart-free for 500 steps and lets a 10^7-parameter net train
     * and be checked within a default heap of a quarter of 24 GiB.
     */
    public static final long LANCZOS_BASIS_BYTES = 2L << 30;
    public static final int LANCZOS_MIN_EXTRA = 4;
    /**
     * Parameter-sized vectors besides the weights and the Lanczos basis when a run trains and checks its sharpness:
     * the previous top eigenvector, a warm start and its random component, Lanczos's copy of the start, the vector
     * in flight, the Ritz vector.
     */
    static final int EXTRA_VECTORS = 6;
    /** Slack for the garbage collector's headroom with large arrays, and for everything that is not N-sized. */
    static final double HEADROOM = 1.15;
    static final long FIXED_BYTES = 256L << 20;

    private MemoryBudget() {
    }

    /**
     * Basis vectors Lanczos keeps at once for dimension n, k wanted eigenvalues and at most limit steps: all of
     * them when they fit in {@link #LANCZOS_BASIS_BYTES}, else that budget's worth but at least k + 4 (then it
     * restarts).
     */
    public static int lanczosBasisVectors(int n, int k, int limit) {
        long fit = LANCZOS_BASIS_BYTES / (8L * Math.max(1, n));
        long cap = Math.max(k + LANCZOS_MIN_EXTRA, fit);
        return (int) Math.min(cap, limit);
    }

    /**
     * Bytes to hold, train and check the top sharpness (checked Lanczos) of a net with widths d_0..d_L and p outputs.
     * With one output Lanczos runs on the Hessian's range, M = Σ_k (d_k + d_{k−1}) coordinates when M &lt; N, so the
     * only parameter-sized arrays are the weights and {@link #RANGE_WORK_VECTORS} work vectors.
     */
    public static long trainingBytes(int[] widths, int outputs) {
        return need(widths, outputs).bytes;
    }

    /**
     * The previous top eigenvector, the current one mapped back to parameters, and a random vector with its
     * projection (the top of a Hessian whose range holds no positive eigenvalue lies in the range's complement).
     */
    static final int RANGE_WORK_VECTORS = 4;

    private record Need(long parameters, long bytes, long vectors, String what) {
    }

    private static Need need(int[] widths, int outputs) {
        long n = 0;
        long m = 0;
        for (int k = 1; k < widths.length; k++) {
            n += (long) widths[k] * widths[k - 1];
            m += widths[k] + widths[k - 1];
        }
        if (outputs == 1 && m < n) {
            long basis = 8L * m * lanczosBasisVectors((int) Math.min(m, Integer.MAX_VALUE), 1, 500);
            long vectors = 1 + RANGE_WORK_VECTORS;
            return new Need(n, (long) (HEADROOM * (8.0 * n * vectors + basis)) + FIXED_BYTES, vectors,
                    String.format(Locale.ROOT, "weights and work vectors; Lanczos runs on the Hessian's range of %,d"
                            + " coordinates", m));
        }
        long vectors = 1 + lanczosBasisVectors((int) Math.min(n, Integer.MAX_VALUE), 1, 500) + EXTRA_VECTORS;
        return new Need(n, (long) (HEADROOM * 8.0 * n * vectors) + FIXED_BYTES, vectors,
                "weights, Lanczos basis, work vectors");
    }

    /** Most bytes this JVM's heap may grow to (Runtime.maxMemory). */
    public static long available() {
        return Runtime.getRuntime().maxMemory();
    }

    /** Physical memory of the machine, or −1 when unknown. */
    public static long physical() {
        try {
            java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                return sun.getTotalMemorySize();
            }
        } catch (RuntimeException | LinkageError e) {
            // unknown
        }
        return -1;
    }

    /** What a network too large for this JVM is advised to shrink. */
    private static final Setting SMALLER = Setting.of(Input.NETWORK_SIZE);

    /**
     * Refuses (with an {@link InvalidInputException}) a network with the given widths d_0..d_L and p outputs that
     * cannot be trained and checked in this JVM, before anything parameter-sized is allocated; the message names the
     * bytes needed and available.
     *
     * @param what the caller's name for what chose the size; it starts the message (a front end names its own
     *             options here, the advice to shrink the network is a {@link Setting} of {@link Input#NETWORK_SIZE})
     */
    public static void requireTrainable(int[] widths, int outputs, String what) {
        Need need = need(widths, outputs);
        long parameters = need.parameters;
        long have = available();
        if (parameters > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(new Text(String.format(Locale.ROOT, "%s: the network has N = %,d"
                    + " parameters; at most 2^31 − 9 fit in one parameter buffer (it would need about %s of memory);"
                    + " use a smaller ", what, parameters, gib(need.bytes))), SMALLER);
        }
        if (need.bytes > have) {
            long phys = physical();
            long suggest = (need.bytes + (1L << 30) - 1) >> 30;
            String advice = phys > 0 && need.bytes > phys - (1L << 30)
                    ? String.format(Locale.ROOT, "this machine has %s in all: use a smaller ", gib(phys))
                    : String.format(Locale.ROOT, "rerun with a larger heap, e.g. JAVA_OPTS=-Xmx%dg ./dlnlab …%s,"
                    + " or use a smaller ", suggest, phys > 0 ? " (this machine has " + gib(phys) + ")" : "");
            throw new InvalidInputException(new Text(String.format(Locale.ROOT, "%s: the network has N = %,d"
                    + " parameters; training it and checking its sharpness needs about %s of heap (%s per"
                    + " parameter-sized vector × %d vectors: %s), but this JVM may use at most %s"
                    + " (Runtime.maxMemory); %s", what, parameters, gib(need.bytes), gib(8 * parameters),
                    need.vectors, need.what, gib(have), advice)), SMALLER);
        }
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
