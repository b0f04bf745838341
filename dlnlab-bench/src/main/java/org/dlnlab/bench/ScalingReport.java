package org.dlnlab.bench;

import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.model.DeepLinearNet;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the cost benchmarks through JMH and reports them against the targets:
 * <ul>
 *   <li>time per GD step and per HVP versus N for d = 64 … 512 fits an exponent in [0.9, 1.1];</li>
 *   <li>time per GD step at n = 50,000 is within 1.2× of n = 50 after set-up.</li>
 * </ul>
 * It is a report: the exit status is 0 whether the targets pass or fail (1 only when the benchmarks could not
 * run, 2 on bad arguments).
 * <p>
 * Options (argument or system property; arguments win):
 * <pre>
 *   --quick            -Dquick=true        1 fork, 2×200 ms warm-up, 3×200 ms measurement (about a minute)
 *   --forks N          -Dforks=N           JMH forks per benchmark (default 2)
 *   --warmups N        -Dwarmups=N         warm-up iterations per fork (default 3)
 *   --iterations N     -Diterations=N      measurement iterations per fork (default 5)
 *   --time MS          -Dtime=MS           length of each warm-up and measurement iteration in ms (default 1000)
 *   --json FILE        -Djson=FILE         also write JMH's JSON results to FILE
 *   --silent           -Dsilent=true       suppress JMH's progress output, print only the report
 * </pre>
 */
public final class ScalingReport {
    static final double EXPONENT_LOW = 0.9;
    static final double EXPONENT_HIGH = 1.1;
    static final double DATA_SIZE_RATIO_MAX = 1.2;
    static final int[] DIMENSIONS = {64, 128, 256, 512};
    static final int SMALL_N = 50;
    static final int LARGE_N = 50_000;

    private ScalingReport() {
    }

    /** The run's settings. */
    record Settings(boolean quick, int forks, int warmups, int iterations, int timeMs, String json,
                    boolean silent) {
        static Settings parse(String[] args) {
            boolean quick = Boolean.parseBoolean(System.getProperty("quick", "false"));
            for (String a : args) {
                if (a.equals("--quick")) {
                    quick = true;
                }
            }
            int forks = intProperty("forks", quick ? 1 : 2);
            int warmups = intProperty("warmups", quick ? 2 : 3);
            int iterations = intProperty("iterations", quick ? 3 : 5);
            int timeMs = intProperty("time", quick ? 200 : 1000);
            String json = System.getProperty("json");
            boolean silent = Boolean.parseBoolean(System.getProperty("silent", "false"));
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick" -> { }
                    case "--silent" -> silent = true;
                    case "--forks" -> forks = intArg(args, ++i, a);
                    case "--warmups" -> warmups = intArg(args, ++i, a);
                    case "--iterations" -> iterations = intArg(args, ++i, a);
                    case "--time" -> timeMs = intArg(args, ++i, a);
                    case "--json" -> {
                        if (++i >= args.length) {
                            throw new IllegalArgumentException("--json needs a file name");
                        }
                        json = args[i];
                    }
                    case "-h", "--help" -> throw new HelpRequested();
                    default -> throw new IllegalArgumentException("unknown argument \"" + a + "\"");
                }
            }
            if (forks < 0 || warmups < 0 || iterations < 1 || timeMs < 1) {
                throw new IllegalArgumentException("expected forks ≥ 0, warmups ≥ 0, iterations ≥ 1, time ≥ 1 ms");
            }
            return new Settings(quick, forks, warmups, iterations, timeMs, json, silent);
        }

        private static int intProperty(String name, int fallback) {
            String v = System.getProperty(name);
            if (v == null || v.isBlank()) {
                return fallback;
            }
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + name + " expects an integer, got \"" + v + "\"");
            }
        }

        private static int intArg(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs an integer");
            }
            try {
                return Integer.parseInt(args[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " expects an integer, got \"" + args[i] + "\"");
            }
        }
    }

    private static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(null, null, false, false);
        }
    }

    /**
     * One measured score in ns per operation: JMH's score (mean over all measurement iterations of all forks)
     * with the half-width of its 99.9% confidence interval, and the median of the same iterations, which is
     * less sensitive to other processes on a shared machine.
     */
    record Score(double ns, double errorNs, double medianNs) {
        static Score of(RunResult run) {
            Result<?> r = run.getPrimaryResult();
            double toNs = nanosPer(r.getScoreUnit());
            double err = r.getScoreError();
            List<Double> iterations = new ArrayList<>();
            for (BenchmarkResult b : run.getBenchmarkResults()) {
                for (IterationResult it : b.getIterationResults()) {
                    iterations.add(it.getPrimaryResult().getScore() * nanosPer(it.getPrimaryResult().getScoreUnit()));
                }
            }
            return new Score(r.getScore() * toNs, Double.isFinite(err) ? err * toNs : Double.NaN,
                    median(iterations));
        }

        /** Whether the confidence interval is wider than ±{@value #NOISY_FRACTION} of the score. */
        boolean noisy() {
            return Double.isFinite(errorNs) && errorNs > NOISY_FRACTION * ns;
        }
    }

    static final double NOISY_FRACTION = 0.2;

    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(xs);
        sorted.sort(null);
        int m = sorted.size();
        return m % 2 == 1 ? sorted.get(m / 2) : 0.5 * (sorted.get(m / 2 - 1) + sorted.get(m / 2));
    }

    public static void main(String[] args) {
        Settings s;
        try {
            s = Settings.parse(args);
        } catch (HelpRequested h) {
            usage();
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("ScalingReport: " + e.getMessage());
            usage();
            System.exit(2);
            return;
        }
        ChainedOptionsBuilder opt = new OptionsBuilder()
                .include(classPattern(GdStepBenchmark.class))
                .include(classPattern(HvpBenchmark.class))
                .include(classPattern(DataSizeBenchmark.class))
                .include(classPattern(SharpnessBenchmark.class))
                .forks(s.forks())
                .warmupIterations(s.warmups())
                .warmupTime(TimeValue.milliseconds(s.timeMs()))
                .measurementIterations(s.iterations())
                .measurementTime(TimeValue.milliseconds(s.timeMs()))
                .threads(1)
                .timeUnit(TimeUnit.NANOSECONDS)
                .shouldFailOnError(true)
                .verbosity(s.silent() ? VerboseMode.SILENT : VerboseMode.NORMAL);
        if (s.json() != null) {
            opt.result(s.json()).resultFormat(ResultFormatType.JSON);
        }
        System.out.printf(Locale.ROOT, "dlnlab cost report: forks %d, warm-up %d × %d ms, measurement %d × %d ms%s%n",
                s.forks(), s.warmups(), s.timeMs(), s.iterations(), s.timeMs(), s.quick() ? " (quick mode)" : "");
        double loadBefore = loadAverage();
        Collection<RunResult> results;
        try {
            results = new Runner(opt.build()).run();
        } catch (RunnerException e) {
            System.err.println("ScalingReport: the benchmarks failed: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        System.out.println();
        System.out.print(report(results, s, loadBefore));
    }

    private static void usage() {
        System.err.println("usage: java -jar dlnlab-bench/target/benchmarks.jar [--quick] [--forks N] [--warmups N]"
                + " [--iterations N] [--time MS] [--json FILE] [--silent]");
    }

    private static String classPattern(Class<?> c) {
        return "^" + Pattern.quote(c.getName() + ".");
    }

    static String report(Collection<RunResult> results, Settings s, double loadBefore) {
        Map<Integer, Score> gd = new TreeMap<>();
        Map<Integer, Score> hvp = new TreeMap<>();
        Map<Integer, Score> dataSize = new TreeMap<>();
        Score sharpness = null;
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            Score score = Score.of(r);
            if (name.startsWith(GdStepBenchmark.class.getName() + ".")) {
                gd.put(Integer.parseInt(r.getParams().getParam("d")), score);
            } else if (name.startsWith(HvpBenchmark.class.getName() + ".")) {
                hvp.put(Integer.parseInt(r.getParams().getParam("d")), score);
            } else if (name.startsWith(DataSizeBenchmark.class.getName() + ".")) {
                dataSize.put(Integer.parseInt(r.getParams().getParam("n")), score);
            } else if (name.startsWith(SharpnessBenchmark.class.getName() + ".")) {
                sharpness = score;
            }
        }
        boolean anyNoisy = false;
        StringBuilder out = new StringBuilder();
        String rule = "=".repeat(110) + "\n";
        out.append(rule);
        out.append(String.format(Locale.ROOT, "COST REPORT  %s, %d CPUs, %d fork(s) × %d measurement iterations of %d ms"
                        + "%s%n", jvm(), Runtime.getRuntime().availableProcessors(), s.forks(), s.iterations(),
                s.timeMs(), s.quick() ? " (quick mode)" : ""));
        out.append(String.format(Locale.ROOT, "             system load average: %s before, %s after the benchmarks%n",
                load(loadBefore), load(loadAverage())));
        out.append("             time = JMH average time per op (mean of the iterations, ± half-width of its 99.9% CI);"
                + "\n             median = median of the same iterations (diagnostic); verdicts use the JMH mean\n");
        out.append(rule);

        out.append(String.format(Locale.ROOT, "%nScaling in N: depth L = %d, hidden width d, p = 1, N = 3d² + d%n%n",
                Fixtures.SCALING_DEPTH));
        String row = "%5s %8s | %24s %10s %9s | %24s %10s %9s%n";
        out.append(String.format(Locale.ROOT, row, "d", "N", "GD step time [µs]", "median", "ns/param",
                "HVP time [µs]", "median", "ns/param"));
        List<double[]> gdPoints = new ArrayList<>();
        List<double[]> hvpPoints = new ArrayList<>();
        for (int d : DIMENSIONS) {
            int n = DeepLinearNet.standard(d, d, Fixtures.SCALING_DEPTH, 1).parameterCount();
            Score g = gd.get(d);
            Score h = hvp.get(d);
            if (g != null) {
                gdPoints.add(new double[] {n, g.ns(), g.medianNs()});
                anyNoisy |= g.noisy();
            }
            if (h != null) {
                hvpPoints.add(new double[] {n, h.ns(), h.medianNs()});
                anyNoisy |= h.noisy();
            }
            out.append(String.format(Locale.ROOT, row, d, n, micros(g), median(g), perParam(g, n),
                    micros(h), median(h), perParam(h, n)));
        }
        out.append('\n');
        boolean gdPass = exponentLine(out, "GD step", gdPoints);
        boolean hvpPass = exponentLine(out, "HVP    ", hvpPoints);

        out.append(String.format(Locale.ROOT, "%nData size: GD step with d = %d (L = %d, hidden %d, p = 1);"
                        + " generating the data and Problem.of(data) are set-up, not measured%n%n", DataSizeBenchmark.D,
                Fixtures.SCALING_DEPTH, DataSizeBenchmark.D));
        Score small = dataSize.get(SMALL_N);
        Score large = dataSize.get(LARGE_N);
        out.append(String.format(Locale.ROOT, "  n = %,7d : time %24s µs   median %s µs%n", SMALL_N, micros(small),
                median(small)));
        out.append(String.format(Locale.ROOT, "  n = %,7d : time %24s µs   median %s µs%n", LARGE_N, micros(large),
                median(large)));
        boolean ratioPass = false;
        if (small != null && large != null) {
            anyNoisy |= small.noisy() | large.noisy();
            double ratio = large.ns() / small.ns();
            ratioPass = ratio <= DATA_SIZE_RATIO_MAX;
            out.append(String.format(Locale.ROOT, "  ratio time(n = %,d) / time(n = %,d) = %.3f   target ≤ %.1f   %s"
                            + "   (ratio of medians: %.3f)%n", LARGE_N, SMALL_N, ratio, DATA_SIZE_RATIO_MAX,
                    verdict(ratioPass), large.medianNs() / small.medianNs()));
        } else {
            out.append("  ratio: not measured   FAIL\n");
        }

        out.append(String.format(Locale.ROOT, "%nSharpness: checked Lanczos (defaults: tol %.0e, cold start) at a"
                        + " GD-trained net, d = %d, L = %d, hidden %d, p = 1%n%n",
                org.dlnlab.curvature.Sharpness.Options.DEFAULT_TOL, SharpnessBenchmark.D, SharpnessBenchmark.DEPTH,
                SharpnessBenchmark.D));
        if (sharpness != null) {
            anyNoisy |= sharpness.noisy();
            out.append(String.format(Locale.ROOT, "  time per call: %s µs   median %s µs%n", micros(sharpness),
                    median(sharpness)));
            try {
                SharpnessBenchmark.Trained t = SharpnessBenchmark.train();
                SpectrumEstimate e = SharpnessBenchmark.sharpness(t.objective(), t.w());
                out.append(String.format(Locale.ROOT, "  N = %d, trained loss %.6g, sharpness %.6g, %d HVPs (%s),"
                                + " residual %.2e%n", t.w().length, t.loss(), e.top(), e.hvps(),
                        e.converged() ? "converged" : "NOT converged", e.topResidual()));
            } catch (RuntimeException ex) {
                out.append("  (could not recompute the estimate: ").append(ex.getMessage()).append(")\n");
            }
        } else {
            out.append("  not measured\n");
        }

        out.append('\n').append(rule);
        out.append(String.format(Locale.ROOT, "TARGETS  GD exponent in [%.1f, %.1f]: %s   HVP exponent in [%.1f, %.1f]: %s"
                        + "   n-ratio ≤ %.1f: %s%n", EXPONENT_LOW, EXPONENT_HIGH, verdict(gdPass), EXPONENT_LOW,
                EXPONENT_HIGH, verdict(hvpPass), DATA_SIZE_RATIO_MAX, verdict(ratioPass)));
        out.append(String.format(Locale.ROOT, "OVERALL  %s%n", verdict(gdPass && hvpPass && ratioPass)));
        if (s.quick()) {
            out.append("NOTE     quick mode: indicative only, rerun without --quick for the record\n");
        }
        if (anyNoisy) {
            out.append(String.format(Locale.ROOT, "NOTE     some scores have a 99.9%% CI wider than ±%.0f%% (marked *):"
                    + " other load on the machine? compare the medians, or rerun on a quiet machine%n",
                    100 * NOISY_FRACTION));
        }
        out.append(rule);
        return out.toString();
    }

    /** Appends the fitted exponents (of the means: verdict; of the medians: diagnostic); returns PASS. */
    private static boolean exponentLine(StringBuilder out, String label, List<double[]> points) {
        if (points.size() < 2) {
            out.append(String.format(Locale.ROOT, "  %s exponent: fewer than two sizes measured   FAIL%n", label));
            return false;
        }
        double k = fitExponent(points, 1);
        double kMedian = fitExponent(points, 2);
        boolean pass = k >= EXPONENT_LOW && k <= EXPONENT_HIGH;
        StringBuilder local = new StringBuilder();
        for (int i = 1; i < points.size(); i++) {
            double[] a = points.get(i - 1);
            double[] b = points.get(i);
            local.append(i > 1 ? ", " : "").append(String.format(Locale.ROOT, "%.2f",
                    Math.log(b[1] / a[1]) / Math.log(b[0] / a[0])));
        }
        out.append(String.format(Locale.ROOT, "  %s: fitted exponent, time ~ N^k: k = %.3f   target [%.1f, %.1f]   %s"
                        + "   (neighbours: %s; fit of medians: k = %.3f)%n", label, k, EXPONENT_LOW, EXPONENT_HIGH,
                verdict(pass), local, kMedian));
        return pass;
    }

    /** Least-squares slope of log(p[column]) against log(p[0]) over the points p = {N, time, …}. */
    static double fitExponent(List<double[]> points, int column) {
        int m = points.size();
        double mx = 0;
        double my = 0;
        for (double[] p : points) {
            mx += Math.log(p[0]);
            my += Math.log(p[column]);
        }
        mx /= m;
        my /= m;
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            double dx = Math.log(p[0]) - mx;
            sxy += dx * (Math.log(p[column]) - my);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }

    private static String verdict(boolean pass) {
        return pass ? "PASS" : "FAIL";
    }

    private static String micros(Score s) {
        if (s == null) {
            return "not measured";
        }
        return Double.isNaN(s.errorNs())
                ? String.format(Locale.ROOT, "%.3f", s.ns() / 1e3)
                : String.format(Locale.ROOT, "%s%.3f ± %.3f", s.noisy() ? "*" : "", s.ns() / 1e3, s.errorNs() / 1e3);
    }

    private static String median(Score s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.3f", s.medianNs() / 1e3);
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String load(double l) {
        return l < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", l);
    }

    private static String perParam(Score s, int n) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.3f", s.ns() / n);
    }

    private static String jvm() {
        return "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
    }

    /** Nanoseconds per one of JMH's score unit ("ns/op", "us/op", …). */
    static double nanosPer(String unit) {
        String u = unit.contains("/") ? unit.substring(0, unit.indexOf('/')) : unit;
        return switch (u) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "min" -> 60e9;
            default -> throw new IllegalArgumentException("unexpected JMH score unit " + unit);
        };
    }
}
