package org.dlnlab.bench;

import org.dlnlab.data.Problem;
import org.dlnlab.kernels.Parallel;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LinearChainObjective;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * A grid configuration's GD step and HVP timed as a user's run meets them: each time in a fresh JVM (a child
 * process) whose JIT has seen only this configuration. In one JVM that had run every configuration before, the
 * numbers depended on what it had compiled for the others (d = 20, L = 2 once boxed its vectors there: 20–50× its
 * bound and 32 KB allocated per step).
 */
final class FreshTiming {
    /**
     * The child's warm-up of each operation before the timer's own: at least {@value #WARMUP_BATCHES} batch lengths
     * and {@value #WARMUP_MIN_NANOS} ns, then on in chunks of that length until a chunk allocates nothing, for at most
     * {@value #WARMUP_MAX_NANOS} ns. A fresh JVM runs the Vector API as objects until C2 has compiled the kernels,
     * which on a loaded machine took seconds: with a fixed 0.5 s warm-up, d = 20, L = 2 measured 50–270 µs and
     * 36–69 KB a step in about half of the runs, and 0.4–1.3 µs with 0 B in the others.
     */
    private static final int WARMUP_BATCHES = 20;
    private static final long WARMUP_MIN_NANOS = 500_000_000L;
    private static final long WARMUP_MAX_NANOS = 20_000_000_000L;
    /** The line the child prints, followed by its six numbers. */
    private static final String MARK = "fresh-timing";

    /** Median seconds over the runs; bytes per call the most any run allocated. */
    record Result(Timer.Timing gd, Timer.Timing hvp) {
    }

    private FreshTiming() {
    }

    /** The medians of reps fresh JVMs with this JVM's options plus jvmOptions (e.g. the plain kernels). */
    static Result measure(int d, int depth, long batchNanos, List<String> jvmOptions, int reps) {
        double[] gd = new double[reps];
        double[] hvp = new double[reps];
        double gdBytes = 0;
        double hvpBytes = 0;
        int gdOps = 0;
        int hvpOps = 0;
        for (int i = 0; i < reps; i++) {
            double[] x = child(d, depth, batchNanos, jvmOptions);
            gd[i] = x[0];
            gdBytes = Math.max(gdBytes, x[1]);
            gdOps += (int) x[2];
            hvp[i] = x[3];
            hvpBytes = Math.max(hvpBytes, x[4]);
            hvpOps += (int) x[5];
        }
        return new Result(new Timer.Timing(Timer.median(gd), gdBytes, gdOps),
                new Timer.Timing(Timer.median(hvp), hvpBytes, hvpOps));
    }

    private static double[] child(int d, int depth, long batchNanos, List<String> jvmOptions) {
        return ChildJvm.numbers(FreshTiming.class, jvmOptions, List.of(String.valueOf(d), String.valueOf(depth),
                String.valueOf(batchNanos)), MARK, 6, "the timing of d = " + d + ", L = " + depth);
    }

    private static void warmUp(Runnable op, long chunk) {
        long start = System.nanoTime();
        long allocated;
        do {
            long a0 = Timer.allocated();
            for (long t0 = System.nanoTime(); System.nanoTime() - t0 < chunk; ) {
                op.run();
            }
            allocated = Timer.allocated() - a0;
        } while (allocated > 0 && System.nanoTime() - start < WARMUP_MAX_NANOS);
    }

    /** The child: arguments d, L and the batch length in ns; prints one line with the GD step's and HVP's timings. */
    public static void main(String[] args) {
        int d = Integer.parseInt(args[0]);
        int depth = Integer.parseInt(args[1]);
        Timer timer = new Timer(Long.parseLong(args[2]), new PrintWriter(Writer.nullWriter()));
        Parallel.setThreads(1);
        DeepLinearNet net = DeepLinearNet.standard(d, d, depth, 1);
        Problem problem = Fixtures.problem(Grid.SAMPLES, d);
        double[] w = Fixtures.smallInit(net, problem);
        double[] v = Fixtures.direction(w.length, Fixtures.SEED);
        double[] out = new double[w.length];
        LinearChainObjective o = Fixtures.objective(net, problem);
        long chunk = Math.max(WARMUP_MIN_NANOS, WARMUP_BATCHES * timer.batchNanos);
        warmUp(() -> o.gdStep(w, 1e-12), chunk);
        o.setPoint(w);
        warmUp(() -> o.hvp(v, out), chunk);
        Timer.Timing gd = timer.gdStep(o, w, 1e-12);
        o.setPoint(w);
        Timer.Timing hvp = timer.hvp(o, v, out);
        System.out.println(String.format(Locale.ROOT, "%s %.9e %.3f %d %.9e %.3f %d", MARK, gd.seconds(),
                gd.allocBytes(), gd.ops(), hvp.seconds(), hvp.allocBytes(), hvp.ops()));
    }
}
