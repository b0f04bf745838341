package org.dlnlab.bench;

import org.dlnlab.Json;
import tools.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine's measured ceilings, one thread: OpenBLAS dgemv per width, and the bandwidth of a streaming copy
 * by array size, from which the effective last-level cache follows.
 */
final class Ceilings {
    /** Copy sizes in bytes, the largest well beyond any cache. */
    static final long[] COPY_SIZES = {1L << 20, 4L << 20, 16L << 20, 64L << 20, 256L << 20};

    final Map<Integer, Double> dgemvGflops = new LinkedHashMap<>();
    final Map<Long, Double> copyCurve = new LinkedHashMap<>();
    /** Median of the same copies: what decides the effective LLC (the best of a few hundred can be a lucky one). */
    final Map<Long, Double> copyMedian = new LinkedHashMap<>();
    double bandwidth;
    long effectiveLlc;
    String blasError;

    void put(ObjectNode o) {
        ObjectNode g = o.putObject("dgemv_gflops_single_thread");
        dgemvGflops.forEach((d, v) -> Json.put(g, String.valueOf(d), v));
        if (blasError != null) {
            o.put("openblas_error", blasError);
        }
        ObjectNode c = o.putObject("copy_bandwidth_by_array_bytes");
        copyCurve.forEach((s, v) -> Json.put(c, String.valueOf(s), v));
        ObjectNode m = o.putObject("copy_bandwidth_median_by_array_bytes");
        copyMedian.forEach((s, v) -> Json.put(m, String.valueOf(s), v));
        Json.put(o, "copy_bandwidth_bytes_per_s", bandwidth);
        o.put("effective_llc_bytes", effectiveLlc);
        o.put("bandwidth_note", "bytes read + written per second by System.arraycopy (best of the repetitions) of"
                + " the largest size; effective LLC = twice the largest array size whose median copy rate is"
                + " ≥ 1.25× the largest size's");
    }

    static Ceilings measure(Timer timer, List<Integer> ds) {
        Ceilings c = new Ceilings();
        long target = 3 * timer.batchNanos;
        try {
            OpenBlas.init();
            for (int d : ds) {
                c.dgemvGflops.put(d, OpenBlas.dgemv(d, 1, target));
                timer.progress("ceiling: OpenBLAS dgemv d = %d: %.2f GF/s", d, c.dgemvGflops.get(d));
            }
        } catch (Throwable t) {
            c.blasError = String.valueOf(t);
            timer.progress("ceiling: OpenBLAS unavailable (%s): bounds use the bandwidth only", t);
        }
        for (long s : COPY_SIZES) {
            double[] rates = copyBandwidths((int) (s / 8), target);
            c.copyCurve.put(s, rates[rates.length - 1]);
            c.copyMedian.put(s, Timer.median(rates));
            timer.progress("ceiling: copy %d MiB → %.2f GB/s best, %.2f median (read + written)", s >> 20,
                    c.copyCurve.get(s) / 1e9, c.copyMedian.get(s) / 1e9);
        }
        long largest = COPY_SIZES[COPY_SIZES.length - 1];
        c.bandwidth = c.copyCurve.get(largest);
        long fast = 0;
        for (long s : COPY_SIZES) {
            if (c.copyMedian.get(s) >= 1.25 * c.copyMedian.get(largest)) {
                fast = s;
            }
        }
        c.effectiveLlc = 2 * fast;
        return c;
    }

    /** Bytes (read + written) per second of each System.arraycopy round trip between two arrays of n doubles, sorted. */
    private static double[] copyBandwidths(int n, long targetNanos) {
        double[] a = new double[n];
        double[] b = new double[n];
        Arrays.fill(a, 1.5);
        System.arraycopy(a, 0, b, 0, n);
        double[] rates = new double[64];
        long start = System.nanoTime();
        int reps = 0;
        while (reps < 5 || System.nanoTime() - start < targetNanos) {
            long t = System.nanoTime();
            System.arraycopy(a, 0, b, 0, n);
            System.arraycopy(b, 0, a, 0, n);
            if (reps == rates.length) {
                rates = Arrays.copyOf(rates, 2 * reps);
            }
            rates[reps++] = 4.0 * 8 * n / (System.nanoTime() - t) * 1e9;
        }
        double[] r = Arrays.copyOf(rates, reps);
        Arrays.sort(r);
        return r;
    }
}
