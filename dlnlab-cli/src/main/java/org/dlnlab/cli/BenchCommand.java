package org.dlnlab.cli;

import org.bytedeco.javacpp.DoublePointer;
import org.dlnlab.InvalidInputException;
import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.DenseSpectrum;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SharpnessMethod;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.data.DataSources;
import org.dlnlab.data.Problem;
import org.dlnlab.data.SyntheticData;
import org.dlnlab.init.Initialization;
import org.dlnlab.kernels.ChainPasses;
import org.dlnlab.kernels.Kernels;
import org.dlnlab.kernels.MemoryBudget;
import org.dlnlab.kernels.Parallel;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.DenseHessian;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.Objective;
import org.dlnlab.objective.ReducedHessian;
import org.dlnlab.train.Trainer;
import org.dlnlab.train.UpdateRule;
import org.dlnlab.train.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dlnlab bench}: the machine's own ceilings and every cost against its bound, in one run on one machine
 * (issue 5). Ceilings: OpenBLAS dgemv single-threaded (per width, and over a working set as large as each net's
 * weights) and a streaming-copy bandwidth. Costs: GD step, HVP, checked sharpness and allocation for a grid of
 * widths and depths; the paper's workload (n = 50, d = 5, L = 10, GD with sharpness every 5 steps) by the
 * difference of two run lengths; checked Lanczos against the 20-step power iteration on the paper's trained nets;
 * optionally ({@code --scale}) a net of 10^8 parameters. Bounds: a GD step moves 24N bytes or does 6N flops, an
 * HVP 32N bytes or 8N flops; bound = bytes / bandwidth when the weights exceed the last-level cache, else
 * flops / dgemv rate.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the machine's ceilings (OpenBLAS dgemv, copy bandwidth) and time GD steps, HVPs and"
                + " checked sharpness against them; the paper's workload; optionally a 10^8-parameter net.",
                "Progress goes to stderr; --json prints one JSON object on stdout."})
final class BenchCommand implements Callable<Integer> {
    /** Issue 5's reference numbers for the authors' JAX code (per GD step with a 20-step power iteration every 5). */
    static final double AUTHORS_CPU_STEP_S = 1.4e-3;
    static final double AUTHORS_H100_STEP_S = 0.77e-3;
    static final double RATIO_TARGET = 1.5;
    static final double SMALL_GD_TARGET_S = 0.5e-6;
    static final double PAPER_STEP_TARGET_S = 2.8e-6;
    static final int POWER_ITERS = 20;

    @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    @Option(names = "--json-file", paramLabel = "FILE", description = "Also write the JSON object to FILE.")
    Path jsonFile;

    @Option(names = "--quick", description = "Shorter measurements and a smaller grid (d ≤ 512), for a smoke test.")
    boolean quick;

    @Option(names = "--widths", split = ",", paramLabel = "d,..", description = "Widths d (default 5,20,100,512,2048).")
    List<Integer> widths;

    @Option(names = "--depths", split = ",", paramLabel = "L,..", description = "Depths L (default 2,10,40).")
    List<Integer> depths;

    @Option(names = "--time-ms", paramLabel = "MS", description = "Time per measurement batch set (default 400; quick 120).")
    Integer timeMs;

    @Option(names = "--sharpness-max-parameters", paramLabel = "N", defaultValue = "50000000",
            description = "Time the checked sharpness only for nets up to N parameters (each of its HVPs"
                    + " costs as much as a GD step, and the largest nets leave little heap for its vectors);"
                    + " default ${DEFAULT-VALUE}.")
    long sharpnessMax;

    @Option(names = "--no-paper", description = "Skip the paper's workload and the trained-net sharpness checks.")
    boolean noPaper;

    @Option(names = "--no-grid", description = "Skip the width × depth grid.")
    boolean noGrid;

    @Option(names = "--scale", description = "Also train and check the sharpness of a net of --scale-parameters"
            + " parameters (10^8 need about 5 GiB of heap: the default heap of a 24 GiB machine).")
    boolean scale;

    @Option(names = "--scale-parameters", paramLabel = "N", defaultValue = "100000000",
            description = "Parameters of the --scale net (d = 5 inputs, depth 12, equal hidden widths); default"
                    + " ${DEFAULT-VALUE}.")
    long scaleParameters;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private PrintWriter err;
    private long batchNanos;

    @Override
    public Integer call() {
        err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        batchNanos = 1_000_000L * (timeMs != null ? timeMs : quick ? 120 : 400) / 8;
        List<Integer> ds = widths != null ? widths : quick ? List.of(5, 20, 100, 512) : List.of(5, 20, 100, 512, 2048);
        List<Integer> ls = depths != null ? depths : List.of(2, 10, 40);
        for (int d : ds) {
            if (d < 1) {
                throw new InvalidInputException("--widths: widths must be ≥ 1, got " + d);
            }
        }
        for (int l : ls) {
            if (l < 2) {
                throw new InvalidInputException("--depths: depths must be ≥ 2, got " + l);
            }
        }
        int savedThreads = Parallel.threads();
        long wall0 = System.nanoTime();
        ObjectNode root = Json.object();
        try {
            Parallel.setThreads(1);
            ObjectNode machine = machine(root.putObject("machine"));
            warmUp(savedThreads);
            Ceilings ceilings = ceilings(ds);
            ceilings.put(root.putObject("ceilings"));
            // The paper's small workload first, while the JIT's profiles have seen only the warm-up's shapes.
            Paper paper = noPaper ? null : paperWorkload();
            List<Check> checks = noPaper ? List.of() : sharpnessChecks();
            List<Row> rows = new ArrayList<>();
            if (!noGrid) {
                for (int d : ds) {
                    Problem problem = syntheticProblem(d);
                    for (int l : ls) {
                        rows.add(row(d, l, problem, ceilings, savedThreads));
                    }
                }
            }
            ArrayNode grid = root.putArray("grid");
            rows.forEach(r -> r.put(grid.addObject()));
            if (paper != null) {
                paper.put(root.putObject("paper_workload"));
            }
            ArrayNode ck = root.putArray("sharpness_checks");
            checks.forEach(c -> c.put(ck.addObject()));
            Parallel.setThreads(savedThreads);
            Scale sc = scale ? scaleRun() : null;
            if (sc != null) {
                sc.put(root.putObject("scale"));
            }
            List<Target> targets = targets(rows, paper, checks, sc);
            ArrayNode tg = root.putArray("targets");
            for (Target t : targets) {
                ObjectNode o = tg.addObject();
                o.put("target", t.name);
                o.put("measured", t.measured);
                if (t.pass == null) {
                    o.putNull("pass");
                } else {
                    o.put("pass", t.pass);
                }
            }
            machine.put("load_average_after", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            Json.put(root, "wall_s", (System.nanoTime() - wall0) / 1e9);
            if (jsonFile != null) {
                try {
                    Files.writeString(jsonFile, Json.write(root) + "\n");
                } catch (java.io.IOException e) {
                    throw new InvalidInputException("--json-file " + jsonFile + ": cannot write (" + e.getMessage()
                            + ")");
                }
            }
            if (json) {
                out.println(Json.write(root));
            } else {
                print(out, machine, ceilings, rows, paper, checks, sc, targets);
            }
        } finally {
            Parallel.setThreads(savedThreads);
        }
        return 0;
    }

    private void progress(String fmt, Object... args) {
        err.println("bench: " + String.format(Locale.ROOT, fmt, args));
        err.flush();
    }

    // ------------------------------------------------------------------------------------------------ machine

    private ObjectNode machine(ObjectNode o) {
        o.put("cpu", cpuModel());
        o.put("cores", Runtime.getRuntime().availableProcessors());
        o.put("memory_bytes", MemoryBudget.physical());
        o.put("max_heap_bytes", MemoryBudget.available());
        o.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        o.put("kernels", Kernels.implementation());
        o.put("os_l2_bytes", cacheBytes(2));
        o.put("os_l3_bytes", cacheBytes(3));
        o.put("jvm_uptime_at_start_s", ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        o.put("load_average_before", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return o;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static long cacheBytes(int level) {
        for (int index = 0; index < 6; index++) {
            Path dir = Path.of("/sys/devices/system/cpu/cpu0/cache/index" + index);
            try {
                if (Integer.parseInt(Files.readString(dir.resolve("level")).trim()) != level
                        || Files.readString(dir.resolve("type")).trim().equals("Instruction")) {
                    continue;
                }
                String s = Files.readString(dir.resolve("size")).trim();
                long mult = s.endsWith("K") ? 1024 : s.endsWith("M") ? 1 << 20 : 1;
                return Long.parseLong(s.replaceAll("[^0-9]", "")) * mult;
            } catch (Exception e) {
                // try the next index
            }
        }
        return -1;
    }

    /**
     * Runs every kernel path (narrow and wide layers, lane tails, row and column blocks) until the JIT has compiled
     * it, so that no measurement pays for compilation: the Vector API is very slow until C2 compiles it.
     */
    private void warmUp(int maxThreads) {
        long t0 = System.nanoTime();
        long each = quick ? 150_000_000L : 400_000_000L;
        int[][] shapes = {{5, 10}, {37, 3}, {100, 4}, {600, 3}};
        for (int[] sh : shapes) {
            Problem problem = Problem.of(SyntheticData.gaussian(50, sh[0], 10.0, 0.1, 1L));
            DeepLinearNet net = DeepLinearNet.standard(sh[0], sh[0], sh[1], 1);
            double[] w = Initialization.parse("small:" + 1.0 / Math.sqrt(sh[0])).create(net, problem,
                    RandomStreams.of(1, "init"));
            double[] v = unit(net.parameterCount(), 2);
            double[] out = new double[v.length];
            LinearChainObjective o = new LinearChainObjective(net, problem, LossConvention.MSE);
            for (int threads : sh[0] >= 600 && maxThreads >= 2 ? new int[] {1, 2} : new int[] {1}) {
                Parallel.setThreads(threads);
                long start = System.nanoTime();
                while (System.nanoTime() - start < each) {
                    o.gdStep(w, 1e-12);
                    o.setPoint(w);
                    o.hvp(v, out);
                    o.gradient(out);
                }
            }
        }
        Parallel.setThreads(1);
        progress("JIT warm-up of the kernels (%s) in %.1f s", Kernels.implementation(), (System.nanoTime() - t0) / 1e9);
    }

    // ------------------------------------------------------------------------------------------------ ceilings

    /** The machine's measured ceilings. */
    private static final class Ceilings {
        final Map<Integer, Double> dgemvGflops = new LinkedHashMap<>();
        final Map<Long, Double> copyCurve = new LinkedHashMap<>();
        /** Median of the same copies: what decides the effective LLC (the best of a few hundred can be a lucky one). */
        final Map<Long, Double> copyMedian = new LinkedHashMap<>();
        double bandwidth;
        long effectiveLlc;
        String blasError;
        /** dgemv GF/s over a working set of `count` d×d matrices, measured on demand and cached. */
        final Map<String, Double> chain = new LinkedHashMap<>();

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
    }

    private Ceilings ceilings(List<Integer> ds) {
        Ceilings c = new Ceilings();
        long target = 3 * batchNanos;
        try {
            Blas.init();
            for (int d : ds) {
                c.dgemvGflops.put(d, Blas.dgemv(d, 1, target));
                progress("ceiling: OpenBLAS dgemv d = %d: %.2f GF/s", d, c.dgemvGflops.get(d));
            }
        } catch (Throwable t) {
            c.blasError = String.valueOf(t);
            progress("ceiling: OpenBLAS unavailable (%s): bounds use the bandwidth only", t);
        }
        long[] sizes = {1L << 20, 4L << 20, 16L << 20, 64L << 20, 256L << 20};
        for (long s : sizes) {
            double[] rates = copyBandwidths((int) (s / 8), target);
            c.copyCurve.put(s, rates[rates.length - 1]);
            c.copyMedian.put(s, median(rates));
            progress("ceiling: copy %d MiB → %.2f GB/s best, %.2f median (read + written)", s >> 20,
                    c.copyCurve.get(s) / 1e9, c.copyMedian.get(s) / 1e9);
        }
        long largest = sizes[sizes.length - 1];
        c.bandwidth = c.copyCurve.get(largest);
        long fast = 0;
        for (long s : sizes) {
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

    /** OpenBLAS through bytedeco, loaded only here (the core never calls it). */
    private static final class Blas {
        static void init() {
            org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
        }

        /** Best GF/s of cblas_dgemv (row-major, y = A x) cycling over `count` d×d matrices. */
        static double dgemv(int d, int count, long targetNanos) {
            long per = (long) d * d;
            try (DoublePointer a = new DoublePointer(per * count); DoublePointer x = new DoublePointer(d);
                 DoublePointer y = new DoublePointer(d)) {
                double[] chunk = new double[(int) Math.min(per * count, 1 << 16)];
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = 1e-3 * ((i * 7919) % 13 - 6);
                }
                for (long i = 0; i < per * count; i += chunk.length) {
                    a.position(i).put(chunk, 0, (int) Math.min(chunk.length, per * count - i));
                }
                a.position(0);
                for (int i = 0; i < d; i++) {
                    x.put(i, 1.0 / (1 + i));
                }
                int reps = (int) Math.max(1, Math.min(1_000_000, 20_000_000L / (per * count)));
                double best = 0;
                long start = System.nanoTime();
                int batches = 0;
                while (batches < 5 || System.nanoTime() - start < targetNanos) {
                    long t = System.nanoTime();
                    for (int r = 0; r < reps; r++) {
                        for (int k = 0; k < count; k++) {
                            org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemv(
                                    org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor,
                                    org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans, d, d, 1.0,
                                    a.position(k * per), d, x, 1, 0.0, y, 1);
                        }
                    }
                    a.position(0);
                    long ns = System.nanoTime() - t;
                    best = Math.max(best, 2.0 * per * count * reps / ns);
                    batches++;
                }
                return best;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ timing

    /** Median seconds per operation and bytes allocated per operation after warm-up. */
    record Timing(double seconds, double allocBytes, int ops) {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** What one reading of the counter allocates itself, subtracted from every measurement. */
    private static final long COUNTER_COST = counterCost();

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
    private static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes() - COUNTER_COST;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int m = s.length;
        return m % 2 == 1 ? s[m / 2] : 0.5 * (s[m / 2 - 1] + s[m / 2]);
    }

    private static final int BATCHES = 7;

    private Timing timeGd(Objective o, double[] w, double eta) {
        return time(() -> o.gdStep(w, eta));
    }

    private Timing timeHvp(Objective o, double[] v, double[] out) {
        return time(() -> o.hvp(v, out));
    }

    /** Median time per call over timed batches after a JIT warm-up, and the bytes allocated per call after them. */
    private Timing time(Runnable op) {
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
        // Allocation in the steady state, after the timed batches.
        int more = Math.max(2, Math.min(batch, 100_000));
        long a0 = allocated();
        for (int i = 0; i < more; i++) {
            op.run();
        }
        long a1 = allocated();
        return new Timing(median(t), (a1 - a0) / (double) more, batches * batch);
    }

    private static long hash(double[] x) {
        long h = 1;
        for (double v : x) {
            h = 31 * h + Double.doubleToRawLongBits(v);
        }
        return h;
    }

    // ------------------------------------------------------------------------------------------------ grid

    /** Gaussian inputs (κ = 10), n = 50 samples: the paper's sample count; Σ has rank min(50, d). */
    private Problem syntheticProblem(int d) {
        long t0 = System.nanoTime();
        Problem p = Problem.of(SyntheticData.gaussian(50, d, 10.0, 0.1, 20240613L));
        progress("d = %d: data statistics (n = 50) in %.1f s", d, (System.nanoTime() - t0) / 1e9);
        return p;
    }

    /** One configuration's measurements. */
    private static final class Row {
        int d;
        int depth;
        long n;
        String skipped;
        Timing gd;
        Timing hvp;
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
        Timing gd2;
        Timing hvp2;
        Timing rangeProduct;
        Boolean identical;

        double gdRatio() {
            return gd == null ? Double.NaN : gd.seconds / gdBound;
        }

        double hvpRatio() {
            return hvp == null ? Double.NaN : hvp.seconds / hvpBound;
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
            Json.put(o, "gd_step_s", gd.seconds);
            Json.put(o, "gd_bound_s", gdBound);
            o.put("gd_bound", gdBoundKind);
            Json.put(o, "gd_ratio", gdRatio());
            Json.put(o, "gd_alloc_bytes_per_step", gd.allocBytes);
            Json.put(o, "hvp_s", hvp.seconds);
            Json.put(o, "hvp_bound_s", hvpBound);
            o.put("hvp_bound", hvpBoundKind);
            Json.put(o, "hvp_ratio", hvpRatio());
            Json.put(o, "hvp_alloc_bytes", hvp.allocBytes);
            if (rangeProduct != null) {
                Json.put(o, "range_product_s", rangeProduct.seconds);
                Json.put(o, "range_product_alloc_bytes", rangeProduct.allocBytes);
            }
            Json.put(o, "gd_dgemv_gflops_same_working_set", gdDgemv);
            Json.put(o, "hvp_dgemv_gflops_same_working_set", hvpDgemv);
            // For reference: the ratios against the single-matrix dgemv rate at this width (a tighter, in-L2 bound).
            Json.put(o, "gd_ratio_vs_single_matrix_dgemv", gd.seconds / (6.0 * n / singleDgemv));
            Json.put(o, "hvp_ratio_vs_single_matrix_dgemv", hvp.seconds / (8.0 * n / singleDgemv));
            Json.put(o, "checked_sharpness_s", sharpnessS);
            if (sharpnessHvps >= 0) {
                o.put("checked_sharpness_hvps", sharpnessHvps);
                o.put("checked_sharpness_converged", sharpnessConverged);
                Json.put(o, "sharpness", sharpness);
            }
            if (gd2 != null) {
                Json.put(o, "gd_step_2_threads_s", gd2.seconds);
                Json.put(o, "hvp_2_threads_s", hvp2.seconds);
                o.put("two_threads_identical_bits", identical);
            }
        }
    }

    private Row row(int d, int depth, Problem problem, Ceilings c, int maxThreads) {
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
            progress("d = %d, L = %d: skipped (%s)", d, depth, r.skipped);
            return r;
        }
        Parallel.setThreads(1);
        double[] w = Initialization.parse("small:" + 1.0 / Math.sqrt(d)).create(net, problem,
                RandomStreams.of(20240613L, "init"));
        double[] w0 = 8 * r.n <= (1L << 30) ? w.clone() : null;
        double[] v = unit(r.n, 20240613L);
        double[] out = new double[(int) r.n];
        LinearChainObjective o = new LinearChainObjective(net, problem, LossConvention.MSE);
        r.gd = timeGd(o, w, 1e-12);
        o.setPoint(w);
        r.hvp = timeHvp(o, v, out);
        ReducedHessian range = o.reducedHessian();
        if (range != null) {
            // The product Lanczos and the power iteration use: H on its range, in M coordinates.
            double[] coords = unit(range.dimension(), 20240613L);
            double[] hc = new double[range.dimension()];
            r.rangeProduct = time(() -> range.apply(coords, hc));
            o.setPoint(w);
        }
        // Bounds: a GD step moves 24N bytes or does 6N flops over a working set of the weights (8N bytes); an HVP
        // moves 32N bytes or does 8N flops over V, W and HV (24N bytes). Bound = bytes / copy bandwidth when the
        // working set exceeds the last-level cache, else flops / OpenBLAS's dgemv rate over a working set as large
        // (dgemv cycling over as many d×d matrices), so that both sides read from the same level of memory.
        r.singleDgemv = c.dgemvGflops.getOrDefault(d, Double.NaN) * 1e9;
        if (8 * r.n > c.effectiveLlc || c.blasError != null) {
            r.gdBoundKind = "bandwidth";
            r.gdBound = 24.0 * r.n / c.bandwidth;
        } else {
            r.gdBoundKind = "dgemv";
            r.gdDgemv = Blas.dgemv(d, Math.max(1, depth - 1), 3 * batchNanos) * 1e9;
            r.gdBound = 6.0 * r.n / r.gdDgemv;
        }
        if (24 * r.n > c.effectiveLlc || c.blasError != null) {
            r.hvpBoundKind = "bandwidth";
            r.hvpBound = 32.0 * r.n / c.bandwidth;
        } else {
            r.hvpBoundKind = "dgemv";
            r.hvpDgemv = Blas.dgemv(d, 3 * Math.max(1, depth - 1), 3 * batchNanos) * 1e9;
            r.hvpBound = 8.0 * r.n / r.hvpDgemv;
        }
        if (r.n <= sharpnessMax) {
            int calls = 0;
            double total = 0;
            // Untimed calls first, as long as two batches: the table is about steady-state cost, not the JIT's
            // compilation (a few calls were not enough for small nets).
            SpectrumEstimate e = null;
            long warm = System.nanoTime();
            while (e == null || System.nanoTime() - warm < 2 * batchNanos) {
                e = new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(20240613L, "sharpness")).at(o.hessianAt(w));
            }
            while (calls == 0 || total < 4 * batchNanos / 1e9) {
                long t0 = System.nanoTime();
                e = new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(20240613L, "sharpness")).at(o.hessianAt(w));
                total += (System.nanoTime() - t0) / 1e9;
                calls++;
            }
            r.sharpnessS = total / calls;
            r.sharpnessHvps = e.hvps();
            r.sharpnessConverged = e.converged();
            r.sharpness = e.top();
        }
        long maxLayer = (long) d * d;
        if (maxThreads >= 2 && maxLayer >= ChainPasses.PARALLEL_MIN_ENTRIES) {
            // Same point, 1 and 2 threads: the HVP and (when a copy fits) one GD step must agree to the bit.
            o.setPoint(w);
            o.hvp(v, out);
            long h1 = hash(out);
            Parallel.setThreads(2);
            o.hvp(v, out);
            boolean same = hash(out) == h1;
            if (w0 != null) {
                double[] a = w0.clone();
                Parallel.setThreads(1);
                o.gdStep(a, 1e-3);
                long g1 = hash(a);
                System.arraycopy(w0, 0, a, 0, a.length);
                Parallel.setThreads(2);
                o.gdStep(a, 1e-3);
                same &= hash(a) == g1;
            }
            r.identical = same;
            r.gd2 = timeGd(o, w, 1e-12);
            o.setPoint(w);
            r.hvp2 = timeHvp(o, v, out);
            Parallel.setThreads(1);
        }
        progress("d = %d, L = %d, N = %,d: GD %s (%.2f× %s bound), HVP %s (%.2f× %s bound)%s%s%s", d, depth, r.n,
                time(r.gd.seconds), r.gdRatio(), r.gdBoundKind, time(r.hvp.seconds), r.hvpRatio(), r.hvpBoundKind,
                r.rangeProduct != null ? ", on the range " + time(r.rangeProduct.seconds) : "",
                r.sharpnessHvps >= 0 ? String.format(Locale.ROOT, ", sharpness %s (%d HVPs)", time(r.sharpnessS),
                        r.sharpnessHvps) : "",
                r.gd2 != null ? String.format(Locale.ROOT, ", 2 threads GD %s HVP %s%s", time(r.gd2.seconds),
                        time(r.hvp2.seconds), r.identical ? " (identical)" : " (BITS DIFFER)") : "");
        return r;
    }

    private static double[] unit(long n, long seed) {
        var rng = RandomStreams.of(seed, "direction");
        double[] v = new double[(int) n];
        double sq = 0;
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
            sq += v[i] * v[i];
        }
        double inv = 1 / Math.sqrt(sq);
        for (int i = 0; i < n; i++) {
            v[i] *= inv;
        }
        return v;
    }

    // ------------------------------------------------------------------------------------------------ paper

    /** The paper's workload: marginal cost per GD step with a sharpness estimate every 5 steps. */
    private static final class Paper {
        double gdOnlyStep;
        double powerStep;
        double lanczosStep;
        double powerColdFirstRun;
        double powerAllocPerStep;
        double hvp;
        double rangeProduct;
        double setPoint;
        double powerCall;
        int shortRun;
        int longRun;

        void put(ObjectNode o) {
            o.put("setting", "n = 50, d = 5, L = 10 (mc_fig1), init small:0.35, GD η = 0.02, sharpness every 5"
                    + " steps; marginal cost = (t(long) − t(short)) / (long − short) steps");
            o.put("short_run_steps", shortRun);
            o.put("long_run_steps", longRun);
            Json.put(o, "gd_only_step_s", gdOnlyStep);
            Json.put(o, "power20_every5_step_s", powerStep);
            Json.put(o, "checked_lanczos_every5_step_s", lanczosStep);
            Json.put(o, "first_short_run_cold_jit_s", powerColdFirstRun);
            Json.put(o, "power20_every5_alloc_bytes_per_step", powerAllocPerStep);
            Json.put(o, "hvp_s", hvp);
            Json.put(o, "range_product_s", rangeProduct);
            Json.put(o, "set_point_s", setPoint);
            Json.put(o, "power20_call_s", powerCall);
            Json.put(o, "speedup_vs_authors_cpu", AUTHORS_CPU_STEP_S / powerStep);
            Json.put(o, "speedup_vs_authors_h100", AUTHORS_H100_STEP_S / powerStep);
            o.put("authors_reference", "authors' JAX code: about 1.4 ms per GD step on this machine class (after"
                    + " about 7 s of start-up and compilation), 0.77 ms on an H100 (issue 5)");
        }
    }

    private static Problem paperProblem() {
        return Problem.of(DataSources.load("builtin:mc_fig1", List.of()));
    }

    private static double[] paperInit(DeepLinearNet net, Problem problem, double s, long seed) {
        return Initialization.parse("small:" + s).create(net, problem, RandomStreams.of(seed, "init"));
    }

    /** Seconds for one GD run of the given length (sharpness every `every` steps with opts; 0: none). */
    private static double gdRun(Problem problem, DeepLinearNet net, double[] w0, double eta, int steps, int every,
                                Sharpness.Options opts) {
        LinearChainObjective o = new LinearChainObjective(net, problem, LossConvention.MSE);
        double[] w = w0.clone();
        Sharpness s = new Sharpness(opts, RandomStreams.of(0, "sharpness"));
        long t0 = System.nanoTime();
        TrainResult r = Trainer.gradientDescent(eta, steps, every).run(o, w, s, rec -> { });
        double t = (System.nanoTime() - t0) / 1e9;
        if (r.diverged()) {
            throw new IllegalStateException("the paper's workload diverged");
        }
        return t;
    }

    /** Marginal seconds per step: medians of 5 short and 5 long runs, after one warm-up long run. */
    private double marginal(Problem problem, DeepLinearNet net, double[] w0, int shortRun, int longRun, int every,
                            Sharpness.Options opts) {
        gdRun(problem, net, w0, 0.02, longRun, every, opts);
        double[] ts = new double[5];
        double[] tl = new double[5];
        for (int i = 0; i < 5; i++) {
            ts[i] = gdRun(problem, net, w0, 0.02, shortRun, every, opts);
            tl[i] = gdRun(problem, net, w0, 0.02, longRun, every, opts);
        }
        return (median(tl) - median(ts)) / (longRun - shortRun);
    }

    private Paper paperWorkload() {
        Problem problem = paperProblem();
        DeepLinearNet net = DeepLinearNet.standard(5, 5, 10, 1);
        double[] w0 = paperInit(net, problem, 0.35, 0);
        Paper p = new Paper();
        p.shortRun = quick ? 1000 : 2000;
        p.longRun = quick ? 11_000 : 42_000;
        Sharpness.Options power = new Sharpness.Options(SharpnessMethod.POWER, 1, Sharpness.Options.DEFAULT_TOL,
                POWER_ITERS, Sharpness.Options.DEFAULT_MAX_ITER);
        p.powerColdFirstRun = gdRun(problem, net, w0, 0.02, p.shortRun, 5, power);
        LinearChainObjective o = new LinearChainObjective(net, problem, LossConvention.MSE);
        double[] v = unit(w0.length, 3);
        double[] out = new double[w0.length];
        o.setPoint(w0);
        p.hvp = timeHvp(o, v, out).seconds;
        ReducedHessian range = o.reducedHessian();
        double[] coords = unit(range.dimension(), 3);
        double[] hc = new double[range.dimension()];
        p.rangeProduct = time(() -> range.apply(coords, hc)).seconds;
        long t0 = System.nanoTime();
        int reps = quick ? 100_000 : 400_000;
        double sink = 0;
        for (int i = 0; i < reps; i++) {
            sink += o.setPoint(w0);
        }
        p.setPoint = (System.nanoTime() - t0) / 1e9 / reps;
        Sharpness alone = new Sharpness(power, RandomStreams.of(0, "sharpness"));
        p.powerCall = time(() -> alone.at(o.hessianAt(w0))).seconds;
        if (sink == 42) {
            progress("");
        }
        p.gdOnlyStep = marginal(problem, net, w0, p.shortRun, p.longRun, 0, power);
        p.powerStep = marginal(problem, net, w0, p.shortRun, p.longRun, 5, power);
        p.lanczosStep = marginal(problem, net, w0, p.shortRun, p.longRun, 5, Sharpness.Options.defaults());
        long a0 = allocated();
        gdRun(problem, net, w0, 0.02, p.longRun, 5, power);
        long a1 = allocated();
        gdRun(problem, net, w0, 0.02, p.shortRun, 5, power);
        long a2 = allocated();
        p.powerAllocPerStep = ((a1 - a0) - (a2 - a1)) / (double) (p.longRun - p.shortRun);
        progress("paper workload: GD only %s/step, with power(20) every 5: %s/step (%.0f× the authors' 1.4 ms),"
                        + " with checked Lanczos every 5: %s/step", time(p.gdOnlyStep), time(p.powerStep),
                AUTHORS_CPU_STEP_S / p.powerStep, time(p.lanczosStep));
        return p;
    }

    /** One trained net of the paper: the dense top eigenvalue against power iteration and checked Lanczos. */
    private static final class Check {
        double s;
        double eta;
        int steps;
        boolean diverged;
        double dense;
        double power;
        double powerResidual;
        double lanczos;
        double lanczosResidual;
        int lanczosHvps;
        boolean lanczosConverged;
        double warmMeanHvps;
        double warmMaxHvps;

        void put(ObjectNode o) {
            o.put("init_scale", s);
            o.put("learning_rate", eta);
            o.put("steps", steps);
            o.put("diverged", diverged);
            if (diverged) {
                return;
            }
            Json.put(o, "dense_lambda_max", dense);
            Json.put(o, "power20", power);
            Json.put(o, "power20_relative_error", Math.abs(power - dense) / Math.abs(dense));
            Json.put(o, "power20_residual", powerResidual);
            o.put("power20_hvps", POWER_ITERS);
            Json.put(o, "lanczos", lanczos);
            Json.put(o, "lanczos_relative_error", Math.abs(lanczos - dense) / Math.abs(dense));
            Json.put(o, "lanczos_residual", lanczosResidual);
            o.put("lanczos_hvps_cold", lanczosHvps);
            o.put("lanczos_converged", lanczosConverged);
            Json.put(o, "lanczos_hvps_warm_mean_along_run", warmMeanHvps);
            Json.put(o, "lanczos_hvps_warm_max_along_run", warmMaxHvps);
        }
    }

    private List<Check> sharpnessChecks() {
        Problem problem = paperProblem();
        DeepLinearNet net = DeepLinearNet.standard(5, 5, 10, 1);
        List<Check> out = new ArrayList<>();
        double[][] settings = {{0.25, 0.02, 10_000}, {0.35, 0.02, 10_000}, {0.5, 0.02, 10_000},
                {0.25, 0.1, 4000}, {0.35, 0.1, 4000}, {0.5, 0.1, 4000}};
        for (double[] st : settings) {
            Check c = new Check();
            c.s = st[0];
            c.eta = st[1];
            c.steps = (int) st[2];
            double[] w = paperInit(net, problem, c.s, 0);
            LinearChainObjective o = new LinearChainObjective(net, problem, LossConvention.MSE);
            // Along the run: warm-started checked Lanczos every 5 steps, as `train --track sharpness:5` does.
            Sharpness tracker = new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(0, "sharpness"));
            List<Integer> hvps = new ArrayList<>();
            TrainResult r = Trainer.gradientDescent(c.eta, c.steps, 5).run(o, w, tracker, rec -> {
                if (rec.sharpness() != null) {
                    hvps.add(rec.sharpness().hvps());
                }
            });
            c.diverged = r.diverged();
            if (!c.diverged) {
                c.warmMeanHvps = hvps.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
                c.warmMaxHvps = hvps.stream().mapToInt(Integer::intValue).max().orElse(-1);
                double[] wt = r.weights();
                c.dense = DenseSpectrum.top(DenseHessian.compute(net, problem, LossConvention.MSE, wt), 1).top();
                SpectrumEstimate p = new Sharpness(new Sharpness.Options(SharpnessMethod.POWER, 1,
                        Sharpness.Options.DEFAULT_TOL, POWER_ITERS, Sharpness.Options.DEFAULT_MAX_ITER),
                        RandomStreams.of(1, "power")).at(o.hessianAt(wt));
                c.power = p.top();
                c.powerResidual = p.topResidual();
                SpectrumEstimate l = new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(1, "lanczos"))
                        .at(o.hessianAt(wt));
                c.lanczos = l.top();
                c.lanczosResidual = l.topResidual();
                c.lanczosHvps = l.hvps();
                c.lanczosConverged = l.converged();
            }
            progress("trained net s = %.2f, η = %.2f: %s", c.s, c.eta, c.diverged ? "diverged" : String.format(
                    Locale.ROOT, "dense %.10g, power(20) error %.1e, Lanczos %d HVPs (warm mean %.1f) error %.1e",
                    c.dense, Math.abs(c.power - c.dense) / c.dense, c.lanczosHvps, c.warmMeanHvps,
                    Math.abs(c.lanczos - c.dense) / c.dense));
            out.add(c);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ scale

    /** A net of about --scale-parameters parameters, trained and its sharpness checked. */
    private static final class Scale {
        int[] widths;
        long n;
        long neededBytes;
        long heapBytes;
        int threads;
        double initS;
        double gdStep;
        double hvpS;
        double sharpnessS;
        SpectrumEstimate e;
        double lossBefore;
        double lossAfter;
        long peakHeap;
        int steps;

        void put(ObjectNode o) {
            ArrayNode a = o.putArray("widths");
            for (int w : widths) {
                a.add(w);
            }
            o.put("parameters", n);
            o.put("memory_needed_bytes", neededBytes);
            o.put("max_heap_bytes", heapBytes);
            o.put("peak_heap_bytes", peakHeap);
            o.put("threads", threads);
            Json.put(o, "init_s", initS);
            o.put("gd_steps", steps);
            Json.put(o, "gd_step_s", gdStep);
            Json.put(o, "loss_before", lossBefore);
            Json.put(o, "loss_after", lossAfter);
            Json.put(o, "hvp_s", hvpS);
            Json.put(o, "checked_sharpness_s", sharpnessS);
            Json.putSpectrum(o, e);
        }
    }

    private Scale scaleRun() {
        Problem problem = paperProblem();
        int depth = 12;
        // N = 5h + (L − 2)h² + h ≥ target.
        int h = (int) Math.ceil(Math.sqrt(scaleParameters / (double) (depth - 2)));
        while (5L * h + (long) (depth - 2) * h * h + h < scaleParameters) {
            h++;
        }
        int[] widths = new int[depth + 1];
        Arrays.fill(widths, h);
        widths[0] = 5;
        widths[depth] = 1;
        Scale s = new Scale();
        s.widths = widths;
        s.n = 5L * h + (long) (depth - 2) * h * h + h;
        s.neededBytes = MemoryBudget.trainingBytes(widths, 1);
        s.heapBytes = MemoryBudget.available();
        s.threads = Parallel.threads();
        MemoryBudget.requireTrainable(widths, 1, "--scale-parameters");
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
        System.gc();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        DeepLinearNet net = DeepLinearNet.of(widths);
        progress("scale: N = %,d (widths 5, %d × %d, 1), %d threads; initializing", s.n, depth - 1, h, s.threads);
        long t0 = System.nanoTime();
        double[] w = Initialization.parse("small:" + 1.0 / Math.sqrt(h)).create(net, problem,
                RandomStreams.of(0, "init"));
        s.initS = (System.nanoTime() - t0) / 1e9;
        LinearChainObjective o = new LinearChainObjective(net, problem, LossConvention.MSE);
        s.steps = 5;
        double[] times = new double[s.steps];
        for (int i = 0; i < s.steps; i++) {
            long t = System.nanoTime();
            double loss = o.gdStep(w, 0.01);
            times[i] = (System.nanoTime() - t) / 1e9;
            if (i == 0) {
                s.lossBefore = loss;
            }
            progress("scale: GD step %d: loss %.6g, %s", i + 1, loss, time(times[i]));
        }
        s.gdStep = median(times);
        s.lossAfter = o.setPoint(w);
        double[] v = unit(s.n, 7);
        double[] out = new double[(int) s.n];
        double[] ht = new double[3];
        for (int i = 0; i < ht.length; i++) {
            long t = System.nanoTime();
            o.hvp(v, out);
            ht[i] = (System.nanoTime() - t) / 1e9;
        }
        s.hvpS = median(ht);
        v = null;
        out = null;
        progress("scale: HVP %s; checked sharpness (Lanczos, tol 1e-10)…", time(s.hvpS));
        t0 = System.nanoTime();
        s.e = new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(0, "sharpness")).at(o.hessianAt(w));
        s.sharpnessS = (System.nanoTime() - t0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean p : pools) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        s.peakHeap = peak;
        progress("scale: sharpness %.10g, residual %.2e, %d HVPs, converged %s, %s; peak heap %.1f GiB", s.e.top(),
                s.e.topResidual(), s.e.hvps(), s.e.converged(), time(s.sharpnessS), peak / (double) (1L << 30));
        return s;
    }

    // ------------------------------------------------------------------------------------------------ targets

    record Target(String name, String measured, Boolean pass) {
    }

    private List<Target> targets(List<Row> rows, Paper paper, List<Check> checks, Scale sc) {
        List<Target> t = new ArrayList<>();
        List<Row> big = rows.stream().filter(r -> r.d >= 100 && r.skipped == null).toList();
        if (!big.isEmpty()) {
            double gdWorst = big.stream().mapToDouble(Row::gdRatio).max().orElse(Double.NaN);
            double hvpWorst = big.stream().mapToDouble(Row::hvpRatio).max().orElse(Double.NaN);
            t.add(new Target("GD step within 1.5× of its bound for d ≥ 100, one thread",
                    String.format(Locale.ROOT, "worst %.2f×", gdWorst), gdWorst <= RATIO_TARGET));
            t.add(new Target("HVP within 1.5× of its bound for d ≥ 100, one thread",
                    String.format(Locale.ROOT, "worst %.2f×", hvpWorst), hvpWorst <= RATIO_TARGET));
        }
        rows.stream().filter(r -> r.d == 5 && r.depth == 10 && r.skipped == null).findFirst().ifPresent(r ->
                t.add(new Target("GD step ≤ 0.5 µs at d = 5, L = 10", time(r.gd.seconds),
                        r.gd.seconds <= SMALL_GD_TARGET_S)));
        List<Row> measured = rows.stream().filter(r -> r.skipped == null).toList();
        if (!measured.isEmpty()) {
            double worst = measured.stream().mapToDouble(r -> Math.max(r.gd.allocBytes, r.hvp.allocBytes)).max()
                    .orElse(0);
            t.add(new Target("0 B allocated per GD step and per HVP after warm-up",
                    String.format(Locale.ROOT, "worst %.3f B", worst), worst < 1));
        }
        List<Row> two = rows.stream().filter(r -> r.identical != null).toList();
        if (!two.isEmpty()) {
            boolean all = two.stream().allMatch(r -> r.identical);
            t.add(new Target("1 and 2 threads give identical bits", two.size() + " configurations", all));
        }
        if (paper != null) {
            t.add(new Target("paper's workload ≤ 2.8 µs per step (≥ 500× the authors' code)",
                    String.format(Locale.ROOT, "%s per step, %.0f×", time(paper.powerStep),
                            AUTHORS_CPU_STEP_S / paper.powerStep), paper.powerStep <= PAPER_STEP_TARGET_S));
        }
        List<Check> ok = checks.stream().filter(c -> !c.diverged).toList();
        if (!ok.isEmpty()) {
            int worstCold = ok.stream().mapToInt(c -> c.lanczosHvps).max().orElse(0);
            double worstWarm = ok.stream().mapToDouble(c -> c.warmMeanHvps).max().orElse(Double.NaN);
            boolean conv = ok.stream().allMatch(c -> c.lanczosConverged);
            t.add(new Target("checked sharpness (residual 1e-10) in fewer HVPs than the 20-step power iteration",
                    String.format(Locale.ROOT, "cold ≤ %d HVPs, warm mean ≤ %.1f HVPs over %d trained nets",
                            worstCold, worstWarm, ok.size()), conv && worstCold < POWER_ITERS));
        }
        if (sc != null) {
            t.add(new Target("10^8-parameter net trains and its sharpness is checked",
                    String.format(Locale.ROOT, "N = %,d, peak heap %.1f GiB, %d HVPs, converged %s", sc.n,
                            sc.peakHeap / (double) (1L << 30), sc.e.hvps(), sc.e.converged()),
                    sc.n >= 100_000_000L && sc.e.converged()));
        }
        return t;
    }

    // ------------------------------------------------------------------------------------------------ printing

    static String time(double s) {
        if (!Double.isFinite(s)) {
            return "-";
        }
        if (s < 1e-6) {
            return String.format(Locale.ROOT, "%.0f ns", s * 1e9);
        }
        if (s < 1e-3) {
            return String.format(Locale.ROOT, "%.2f µs", s * 1e6);
        }
        if (s < 1) {
            return String.format(Locale.ROOT, "%.2f ms", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    private static String gib(long b) {
        return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
    }

    private void print(PrintWriter out, ObjectNode machine, Ceilings c, List<Row> rows, Paper paper,
                       List<Check> checks, Scale sc, List<Target> targets) {
        out.printf(Locale.ROOT, "dlnlab bench — %s, %d cores, %s memory, L2 %s, L3 %s (OS); Java %s; kernels: %s;"
                        + " max heap %s%n", machine.get("cpu").asString(), machine.get("cores").asInt(),
                gib(machine.get("memory_bytes").asLong()), mib(machine.get("os_l2_bytes").asLong()),
                mib(machine.get("os_l3_bytes").asLong()), System.getProperty("java.version"), Kernels.implementation(),
                gib(MemoryBudget.available()));
        out.printf(Locale.ROOT, "load average %.2f before, %.2f after (2 cores shared: > 0.5 means other work ran)%n%n",
                machine.get("load_average_before").asDouble(), machine.get("load_average_after").asDouble());
        out.println("Ceilings (measured, one thread)");
        StringBuilder g = new StringBuilder("  OpenBLAS dgemv GF/s by width:");
        c.dgemvGflops.forEach((d, v) -> g.append(String.format(Locale.ROOT, "  d=%d %.2f", d, v)));
        out.println(c.blasError != null ? "  OpenBLAS unavailable: " + c.blasError : g);
        StringBuilder b = new StringBuilder("  copy bandwidth (read + written; best, median) by array size:");
        c.copyCurve.forEach((s, v) -> b.append(String.format(Locale.ROOT, "  %d MiB %.1f, %.1f GB/s", s >> 20, v / 1e9,
                c.copyMedian.get(s) / 1e9)));
        out.println(b);
        out.printf(Locale.ROOT, "  streaming bandwidth %.1f GB/s; effective last-level cache %s (the OS reports %s)%n%n",
                c.bandwidth / 1e9, mib(c.effectiveLlc), mib(machine.get("os_l3_bytes").asLong()));
        if (!rows.isEmpty()) {
            out.println("GD step (24N B or 6N flop) and HVP (32N B or 8N flop) against their bounds, one thread. Bound"
                    + " (GD/HVP): M = bytes / bandwidth when the working set (GD: W, 8N B; HVP: V, W, HV, 24N B)\n"
                    + "exceeds the LLC, F = flops / OpenBLAS dgemv rate over an equally large working set. alloc ="
                    + " bytes allocated per step or HVP after warm-up.");
            String fmt = "%5s %3s %12s | %10s %10s %6s | %10s %10s %6s | %5s | %18s | %6s | %s%n";
            out.printf(Locale.ROOT, fmt, "d", "L", "N", "GD step", "bound", "ratio", "HVP", "bound", "ratio", "bound",
                    "checked λmax", "alloc", "2 threads: GD / HVP (bits)");
            for (Row r : rows) {
                if (r.skipped != null) {
                    out.printf(Locale.ROOT, "%5d %3d %,12d | skipped: %s%n", r.d, r.depth, r.n, r.skipped);
                    continue;
                }
                String sh = r.sharpnessHvps >= 0 ? String.format(Locale.ROOT, "%s (%d HVP)", time(r.sharpnessS),
                        r.sharpnessHvps) : "-";
                String two = r.gd2 != null ? String.format(Locale.ROOT, "%s / %s (%s)", time(r.gd2.seconds),
                        time(r.hvp2.seconds), r.identical ? "same" : "DIFFER") : "-";
                out.printf(Locale.ROOT, fmt, r.d, r.depth, String.format(Locale.ROOT, "%,d", r.n), time(r.gd.seconds),
                        time(r.gdBound), String.format(Locale.ROOT, "%.2f", r.gdRatio()), time(r.hvp.seconds),
                        time(r.hvpBound), String.format(Locale.ROOT, "%.2f", r.hvpRatio()),
                        (r.gdBoundKind.equals("dgemv") ? "F" : "M") + "/" + (r.hvpBoundKind.equals("dgemv") ? "F" : "M"),
                        sh,
                        String.format(Locale.ROOT, "%.0f B", Math.max(r.gd.allocBytes, r.hvp.allocBytes)), two);
            }
            out.println();
        }
        if (paper != null) {
            out.printf(Locale.ROOT, "Paper's workload (n = 50, d = 5, L = 10; marginal cost over %,d − %,d steps)%n",
                    paper.longRun, paper.shortRun);
            out.printf(Locale.ROOT, "  GD only                         %s per step%n", time(paper.gdOnlyStep));
            out.printf(Locale.ROOT, "  + 20-step power iteration / 5   %s per step = %.0f× the authors' 1.4 ms"
                    + " (%.0f× their H100 0.77 ms)%n", time(paper.powerStep), AUTHORS_CPU_STEP_S / paper.powerStep,
                    AUTHORS_H100_STEP_S / paper.powerStep);
            out.printf(Locale.ROOT, "  + checked Lanczos / 5 (warm)    %s per step%n", time(paper.lanczosStep));
            out.printf(Locale.ROOT, "  one power(20) call timed alone: %s (setPoint %s; one product on the Hessian's range"
                            + " %s, one full HVP %s, each timed alone)%n", time(paper.powerCall), time(paper.setPoint),
                    time(paper.rangeProduct), time(paper.hvp));
            out.printf(Locale.ROOT, "  first %,d-step run from a cold JIT: %s (JVM up %.2f s before the bench"
                    + " started)%n%n", paper.shortRun, time(paper.powerColdFirstRun),
                    machine.get("jvm_uptime_at_start_s").asDouble());
        }
        if (!checks.isEmpty()) {
            out.println("Sharpness on the paper's trained nets: dense λmax vs 20-step power iteration vs checked"
                    + " Lanczos (tol 1e-10)");
            String fmt = "%5s %5s %7s | %16s | %10s %9s | %10s %9s %10s %9s%n";
            out.printf(Locale.ROOT, fmt, "s", "η", "steps", "dense λmax", "power err", "residual", "Lanczos err",
                    "residual", "HVPs cold", "warm avg");
            for (Check k : checks) {
                if (k.diverged) {
                    out.printf(Locale.ROOT, "%5.2f %5.2f %7d | diverged%n", k.s, k.eta, k.steps);
                    continue;
                }
                out.printf(Locale.ROOT, fmt, k.s, k.eta, k.steps, String.format(Locale.ROOT, "%.10g", k.dense),
                        String.format(Locale.ROOT, "%.1e", Math.abs(k.power - k.dense) / Math.abs(k.dense)),
                        String.format(Locale.ROOT, "%.1e", k.powerResidual),
                        String.format(Locale.ROOT, "%.1e", Math.abs(k.lanczos - k.dense) / Math.abs(k.dense)),
                        String.format(Locale.ROOT, "%.1e", k.lanczosResidual), k.lanczosHvps,
                        String.format(Locale.ROOT, "%.1f", k.warmMeanHvps));
            }
            out.println();
        }
        if (sc != null) {
            out.printf(Locale.ROOT, "Scale: N = %,d (widths 5, %d × %d, 1), %d threads, heap %s (needs ≈ %s):"
                            + " init %s, GD step %s, HVP %s, checked sharpness %.10g (residual %.1e, %d HVPs) in %s;"
                            + " peak heap %s%n%n", sc.n, sc.widths.length - 2, sc.widths[1], sc.threads,
                    gib(sc.heapBytes), gib(sc.neededBytes), time(sc.initS), time(sc.gdStep), time(sc.hvpS), sc.e.top(),
                    sc.e.topResidual(), sc.e.hvps(), time(sc.sharpnessS), gib(sc.peakHeap));
        }
        out.println("Targets (issue 5)");
        for (Target t : targets) {
            out.printf(Locale.ROOT, "  %-4s %s: %s%n", t.pass == null ? "-" : t.pass ? "PASS" : "FAIL", t.name,
                    t.measured);
        }
    }

    private static String mib(long b) {
        return b < 0 ? "?" : String.format(Locale.ROOT, "%d MiB", b >> 20);
    }
}
