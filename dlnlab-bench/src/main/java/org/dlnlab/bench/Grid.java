package org.dlnlab.bench;

import org.dlnlab.Json;
import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.data.Problem;
import org.dlnlab.kernels.ChainPasses;
import org.dlnlab.kernels.Kernels;
import org.dlnlab.kernels.MemoryBudget;
import org.dlnlab.kernels.Parallel;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.Objective;
import org.dlnlab.objective.ReducedHessian;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.dlnlab.bench.TableReport.time;

/**
 * The width × depth grid: for each net d → d → … → d → 1 (depth L) on Gaussian data with n = 50, one GD step, one
 * HVP and one checked sharpness call, each against its bound. A GD step moves 24N bytes or does 6N flops, an HVP
 * 32N bytes or 8N flops; bound = bytes / bandwidth when the working set exceeds the last-level cache, else
 * flops / OpenBLAS's dgemv rate over a working set as large. With two or more cores, the nets whose layers are
 * large enough to run in parallel are also timed on 2 threads and checked to give the same bits.
 */
final class Grid {
    /** Samples of the Gaussian data: the paper's count. */
    static final int SAMPLES = 50;

    private final Timer timer;
    private final Ceilings ceilings;
    private final long sharpnessMax;
    private final int maxThreads;
    /** Larger nets are timed in one fresh JVM each (setting one up takes seconds), smaller in freshRuns. */
    static final long FRESH_MEDIAN_MAX_PARAMETERS = 10_000_000;
    /** Fresh JVMs per GD/HVP timing (their median), for each of the vector and plain kernels. */
    private final int freshRuns;

    Grid(Timer timer, Ceilings ceilings, long sharpnessMax, int maxThreads, int freshRuns) {
        this.freshRuns = freshRuns;
        this.timer = timer;
        this.ceilings = ceilings;
        this.sharpnessMax = sharpnessMax;
        this.maxThreads = maxThreads;
    }

    /** One configuration's measurements. */
    static final class Row {
        int d;
        int depth;
        long n;
        String skipped;
        Timer.Timing gd;
        Timer.Timing hvp;
        /** The same in fresh JVMs on the plain-Java kernels; null when this JVM runs them anyway. */
        Timer.Timing gdPlain;
        Timer.Timing hvpPlain;
        int freshRuns;
        double gdBound;
        double hvpBound;
        String gdBoundKind;
        String hvpBoundKind;
        double gdDgemv = Double.NaN;
        double hvpDgemv = Double.NaN;
        double singleDgemv = Double.NaN;
        double sharpnessS = Double.NaN;
        int sharpnessHvps = -1;
        boolean sharpnessConverged;
        double sharpness = Double.NaN;
        Timer.Timing gd2;
        Timer.Timing hvp2;
        Timer.Timing rangeProduct;
        Boolean identical;

        double gdVectorToPlain() {
            return gdPlain == null ? Double.NaN : gd.seconds() / gdPlain.seconds();
        }

        double hvpVectorToPlain() {
            return hvpPlain == null ? Double.NaN : hvp.seconds() / hvpPlain.seconds();
        }

        double gdRatio() {
            return gd == null ? Double.NaN : gd.seconds() / gdBound;
        }

        double hvpRatio() {
            return hvp == null ? Double.NaN : hvp.seconds() / hvpBound;
        }

        void put(ObjectNode o) {
            o.put("d", d);
            o.put("depth", depth);
            o.put("parameters", n);
            o.put("weights_bytes", 8 * n);
            if (skipped != null) {
                o.put("skipped", skipped);
                return;
            }
            Json.put(o, "gd_step_s", gd.seconds());
            Json.put(o, "gd_bound_s", gdBound);
            o.put("gd_bound", gdBoundKind);
            Json.put(o, "gd_ratio", gdRatio());
            Json.put(o, "gd_alloc_bytes_per_step", gd.allocBytes());
            Json.put(o, "hvp_s", hvp.seconds());
            Json.put(o, "hvp_bound_s", hvpBound);
            o.put("hvp_bound", hvpBoundKind);
            Json.put(o, "hvp_ratio", hvpRatio());
            Json.put(o, "hvp_alloc_bytes", hvp.allocBytes());
            o.put("fresh_jvms_per_timing", freshRuns);
            if (gdPlain != null) {
                Json.put(o, "gd_vector_to_plain", gdVectorToPlain());
                Json.put(o, "hvp_vector_to_plain", hvpVectorToPlain());
            }
            if (rangeProduct != null) {
                Json.put(o, "range_product_s", rangeProduct.seconds());
                Json.put(o, "range_product_alloc_bytes", rangeProduct.allocBytes());
            }
            Json.put(o, "gd_dgemv_gflops_same_working_set", gdDgemv);
            Json.put(o, "hvp_dgemv_gflops_same_working_set", hvpDgemv);
            // For reference: the ratios against the single-matrix dgemv rate at this width (a tighter, in-L2 bound).
            Json.put(o, "gd_ratio_vs_single_matrix_dgemv", gd.seconds() / (6.0 * n / singleDgemv));
            Json.put(o, "hvp_ratio_vs_single_matrix_dgemv", hvp.seconds() / (8.0 * n / singleDgemv));
            Json.put(o, "checked_sharpness_s", sharpnessS);
            if (sharpnessHvps >= 0) {
                o.put("checked_sharpness_hvps", sharpnessHvps);
                o.put("checked_sharpness_converged", sharpnessConverged);
                Json.put(o, "sharpness", sharpness);
            }
            if (gd2 != null) {
                Json.put(o, "gd_step_2_threads_s", gd2.seconds());
                Json.put(o, "hvp_2_threads_s", hvp2.seconds());
                o.put("two_threads_identical_bits", identical);
            }
        }
    }

    /** Every width with every depth, widths outermost (one data set per width). */
    List<Row> measure(List<Integer> widths, List<Integer> depths) {
        List<Row> rows = new ArrayList<>();
        for (int d : widths) {
            Problem problem = syntheticProblem(d);
            for (int l : depths) {
                rows.add(row(d, l, problem));
            }
        }
        return rows;
    }

    /** Gaussian inputs (κ = 10), n = {@value #SAMPLES} samples: the paper's sample count; Σ has rank min(n, d). */
    private Problem syntheticProblem(int d) {
        long t0 = System.nanoTime();
        Problem p = Fixtures.problem(SAMPLES, d);
        timer.progress("d = %d: data statistics (n = 50) in %.1f s", d, (System.nanoTime() - t0) / 1e9);
        return p;
    }

    private Row row(int d, int depth, Problem problem) {
        Row r = new Row();
        r.d = d;
        r.depth = depth;
        DeepLinearNet net = DeepLinearNet.standard(d, d, depth, 1);
        r.n = net.parameterCount();
        long needed = 8 * r.n * 4 + (64L << 20);
        if (needed > 0.85 * MemoryBudget.available()) {
            r.skipped = String.format(Locale.ROOT, "needs about %.1f GiB of heap (w, v, HV, a copy), has %.1f GiB;"
                    + " rerun with JAVA_OPTS=-Xmx…", needed / (double) (1L << 30),
                    MemoryBudget.available() / (double) (1L << 30));
            timer.progress("d = %d, L = %d: skipped (%s)", d, depth, r.skipped);
            return r;
        }
        Parallel.setThreads(1);
        double[] w = Fixtures.smallInit(net, problem);
        double[] w0 = 8 * r.n <= (1L << 30) ? w.clone() : null;
        double[] v = Fixtures.direction((int) r.n, Fixtures.SEED);
        double[] out = new double[(int) r.n];
        LinearChainObjective o = Fixtures.objective(net, problem);
        r.freshRuns = r.n <= FRESH_MEDIAN_MAX_PARAMETERS ? freshRuns : 1;
        FreshTiming.Result fresh = FreshTiming.measure(d, depth, timer.batchNanos, List.of(), r.freshRuns);
        r.gd = fresh.gd();
        r.hvp = fresh.hvp();
        if (Kernels.vectorized()) {
            FreshTiming.Result plain = FreshTiming.measure(d, depth, timer.batchNanos, List.of(CommandCost.SCALAR),
                    r.freshRuns);
            r.gdPlain = plain.gd();
            r.hvpPlain = plain.hvp();
        }
        o.setPoint(w);
        ReducedHessian range = o.reducedHessian();
        if (range != null) {
            // The product Lanczos and the power iteration use: H on its range, in M coordinates.
            double[] coords = Fixtures.direction(range.dimension(), Fixtures.SEED);
            double[] hc = new double[range.dimension()];
            r.rangeProduct = timer.time(() -> range.apply(coords, hc));
            o.setPoint(w);
        }
        bounds(r, d, depth);
        if (r.n <= sharpnessMax) {
            sharpness(r, o, w);
        }
        long maxLayer = (long) d * d;
        if (maxThreads >= 2 && maxLayer >= ChainPasses.PARALLEL_MIN_ENTRIES) {
            twoThreads(r, o, w, w0, v, out);
        }
        timer.progress("d = %d, L = %d, N = %,d, fresh JVMs (median of %d): GD %s (%.2f× %s bound, %.0f B),"
                + " HVP %s (%.2f× %s bound, %.0f B)%s%s%s%s", d, depth, r.n, r.freshRuns, time(r.gd.seconds()),
                r.gdRatio(), r.gdBoundKind, r.gd.allocBytes(), time(r.hvp.seconds()), r.hvpRatio(), r.hvpBoundKind,
                r.hvp.allocBytes(), r.gdPlain != null ? String.format(Locale.ROOT, ", vector/plain GD %.2f HVP %.2f",
                        r.gdVectorToPlain(), r.hvpVectorToPlain()) : "",
                r.rangeProduct != null ? ", on the range " + time(r.rangeProduct.seconds()) : "",
                r.sharpnessHvps >= 0 ? String.format(Locale.ROOT, ", sharpness %s (%d HVPs)", time(r.sharpnessS),
                        r.sharpnessHvps) : "",
                r.gd2 != null ? String.format(Locale.ROOT, ", 2 threads GD %s HVP %s%s", time(r.gd2.seconds()),
                        time(r.hvp2.seconds()), r.identical ? " (identical)" : " (BITS DIFFER)") : "");
        return r;
    }

    /**
     * Bounds: a GD step moves 24N bytes or does 6N flops over a working set of the weights (8N bytes); an HVP
     * moves 32N bytes or does 8N flops over V, W and HV (24N bytes). Bound = bytes / copy bandwidth when the
     * working set exceeds the last-level cache, else flops / OpenBLAS's dgemv rate over a working set as large
     * (dgemv cycling over as many d×d matrices), so that both sides read from the same level of memory.
     */
    private void bounds(Row r, int d, int depth) {
        Ceilings c = ceilings;
        r.singleDgemv = c.dgemvGflops.getOrDefault(d, Double.NaN) * 1e9;
        if (8 * r.n > c.effectiveLlc || c.blasError != null) {
            r.gdBoundKind = "bandwidth";
            r.gdBound = 24.0 * r.n / c.bandwidth;
        } else {
            r.gdBoundKind = "dgemv";
            r.gdDgemv = OpenBlas.dgemv(d, Math.max(1, depth - 1), 3 * timer.batchNanos) * 1e9;
            r.gdBound = 6.0 * r.n / r.gdDgemv;
        }
        if (24 * r.n > c.effectiveLlc || c.blasError != null) {
            r.hvpBoundKind = "bandwidth";
            r.hvpBound = 32.0 * r.n / c.bandwidth;
        } else {
            r.hvpBoundKind = "dgemv";
            r.hvpDgemv = OpenBlas.dgemv(d, 3 * Math.max(1, depth - 1), 3 * timer.batchNanos) * 1e9;
            r.hvpBound = 8.0 * r.n / r.hvpDgemv;
        }
    }

    /** Mean time of a checked sharpness call (defaults, cold start) after as long again of untimed calls. */
    private void sharpness(Row r, Objective o, double[] w) {
        long batchNanos = timer.batchNanos;
        int calls = 0;
        double total = 0;
        // Untimed calls first, as long as two batches: the table is about steady-state cost, not the JIT's
        // compilation (a few calls were not enough for small nets).
        SpectrumEstimate e = null;
        long warm = System.nanoTime();
        while (e == null || System.nanoTime() - warm < 2 * batchNanos) {
            e = new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(Fixtures.SEED, "sharpness")).at(o.hessianAt(w));
        }
        while (calls == 0 || total < 4 * batchNanos / 1e9) {
            long t0 = System.nanoTime();
            e = new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(Fixtures.SEED, "sharpness")).at(o.hessianAt(w));
            total += (System.nanoTime() - t0) / 1e9;
            calls++;
        }
        r.sharpnessS = total / calls;
        r.sharpnessHvps = e.hvps();
        r.sharpnessConverged = e.converged();
        r.sharpness = e.top();
    }

    /** Same point, 1 and 2 threads: the HVP and (when a copy fits) one GD step must agree to the bit; then timed. */
    private void twoThreads(Row r, Objective o, double[] w, double[] w0, double[] v, double[] out) {
        o.setPoint(w);
        o.hvp(v, out);
        long h1 = Timer.hash(out);
        Parallel.setThreads(2);
        o.hvp(v, out);
        boolean same = Timer.hash(out) == h1;
        if (w0 != null) {
            double[] a = w0.clone();
            Parallel.setThreads(1);
            o.gdStep(a, 1e-3);
            long g1 = Timer.hash(a);
            System.arraycopy(w0, 0, a, 0, a.length);
            Parallel.setThreads(2);
            o.gdStep(a, 1e-3);
            same &= Timer.hash(a) == g1;
        }
        r.identical = same;
        r.gd2 = timer.gdStep(o, w, 1e-12);
        o.setPoint(w);
        r.hvp2 = timer.hvp(o, v, out);
        Parallel.setThreads(1);
    }
}
