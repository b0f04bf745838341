package org.dlnlab.bench;

import org.dlnlab.Json;
import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SharpnessMethod;
import org.dlnlab.data.Problem;
import org.dlnlab.init.Initialization;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.ReducedHessian;
import org.dlnlab.train.Trainer;
import org.dlnlab.train.TrainResult;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

import static org.dlnlab.bench.TableReport.time;

/**
 * The paper's workload (n = 50, d = 5, L = 10, GD at η = 0.02 with a sharpness estimate every 5 steps): the
 * marginal cost per GD step, from the difference of two run lengths, against the authors' code (issue 5).
 */
final class PaperWorkload {
    /**
     * The authors' JAX code, per GD step with a 20-step power iteration every 5, as measured once on the machines
     * named (issues 5 and 18); dlnlab does not run it. The ratios use the Intel figure.
     */
    static final double AUTHORS_CPU_STEP_S = 1.4e-3;
    static final double AUTHORS_AMD_STEP_S = 1.52e-3;
    static final double AUTHORS_H100_STEP_S = 0.77e-3;
    static final String AUTHORS_MACHINES = "the authors' JAX code, measured once per GD step with its 20-step power"
            + " iteration every 5: 1.4 ms on an Intel Xeon (AVX-512), 1.52 ms on a 2-vCPU AMD EPYC, 0.77 ms on an"
            + " NVIDIA H100, after about 7 s of start-up and compilation (not run by this bench)";
    static final double PAPER_STEP_TARGET_S = 2.8e-6;
    /** Steps of the authors' power iteration. */
    static final int POWER_ITERS = 20;
    static final double INIT_SCALE = 0.35;
    static final double LEARNING_RATE = 0.02;

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
    /** The train command on the same workload, or null where not measured. */
    CommandCost command;
    /** The authors' code measured in the same run ({@code --peer}), or null. */
    PeerWorkload peer;

    void put(ObjectNode o) {
        o.put("setting", "n = 50, d = 5, L = 10 (mc_fig1), init small:" + INIT_SCALE + ", GD η = " + LEARNING_RATE
                + ", sharpness every 5"
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
        if (command != null) {
            command.put(o.putObject("train_command"), this);
        }
        Json.put(o, "speedup_vs_authors_cpu", AUTHORS_CPU_STEP_S / powerStep);
        Json.put(o, "speedup_vs_authors_h100", AUTHORS_H100_STEP_S / powerStep);
        Json.put(o, "speedup_vs_authors_amd", AUTHORS_AMD_STEP_S / powerStep);
        o.put("authors_reference", AUTHORS_MACHINES);
        if (peer != null) {
            peer.put(o.putObject("authors_code_measured"));
            Json.put(o, "speedup_vs_authors_measured", peer.stepSeconds / powerStep);
            if (command != null) {
                Json.put(o, "train_command_speedup_vs_authors_measured", peer.stepSeconds / command.powerStep);
            }
        }
    }

    /** The authors' estimator: 20 power iterations. */
    static Sharpness.Options power20() {
        return new Sharpness.Options(SharpnessMethod.POWER, 1, Sharpness.Options.DEFAULT_TOL, POWER_ITERS,
                Sharpness.Options.DEFAULT_MAX_ITER);
    }

    static double[] paperInit(DeepLinearNet net, Problem problem, double s, long seed) {
        return Initialization.parse("small:" + s).create(net, problem, RandomStreams.of(seed, "init"));
    }

    /** Seconds for one GD run of the given length (sharpness every `every` steps with opts; 0: none). */
    private static double gdRun(Problem problem, DeepLinearNet net, double[] w0, double eta, int steps, int every,
                                Sharpness.Options opts) {
        LinearChainObjective o = Fixtures.objective(net, problem);
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
    private static double marginal(Problem problem, DeepLinearNet net, double[] w0, int shortRun, int longRun,
                                   int every, Sharpness.Options opts) {
        gdRun(problem, net, w0, LEARNING_RATE, longRun, every, opts);
        double[] ts = new double[5];
        double[] tl = new double[5];
        for (int i = 0; i < 5; i++) {
            ts[i] = gdRun(problem, net, w0, LEARNING_RATE, shortRun, every, opts);
            tl[i] = gdRun(problem, net, w0, LEARNING_RATE, longRun, every, opts);
        }
        return (Timer.median(tl) - Timer.median(ts)) / (longRun - shortRun);
    }

    /**
     * The engine's numbers from a fresh JVM that has run nothing else (in the bench's own JVM they depended on what
     * its JIT had compiled for the configurations before), then the train command as a whole process.
     */
    static PaperWorkload measure(Timer timer, boolean quick) {
        PaperWorkload p = inFreshJvm(timer.batchNanos, quick);
        p.command = CommandCost.measure(timer, quick);
        timer.progress("paper workload (fresh JVM): GD only %s/step, with power(20) every 5: %s/step (%.0f× the"
                        + " authors' 1.4 ms on Intel), with checked Lanczos every 5: %s/step", time(p.gdOnlyStep),
                time(p.powerStep), AUTHORS_CPU_STEP_S / p.powerStep, time(p.lanczosStep));
        return p;
    }

    /** The line the child prints before its numbers, and how many numbers follow. */
    private static final String MARK = "paper-workload";
    private static final int FIELDS = 11;

    private double[] fields() {
        return new double[] {gdOnlyStep, powerStep, lanczosStep, powerColdFirstRun, powerAllocPerStep, hvp,
                rangeProduct, setPoint, powerCall, shortRun, longRun};
    }

    private static PaperWorkload of(double[] f) {
        PaperWorkload p = new PaperWorkload();
        p.gdOnlyStep = f[0];
        p.powerStep = f[1];
        p.lanczosStep = f[2];
        p.powerColdFirstRun = f[3];
        p.powerAllocPerStep = f[4];
        p.hvp = f[5];
        p.rangeProduct = f[6];
        p.setPoint = f[7];
        p.powerCall = f[8];
        p.shortRun = (int) f[9];
        p.longRun = (int) f[10];
        return p;
    }

    private static PaperWorkload inFreshJvm(long batchNanos, boolean quick) {
        return of(ChildJvm.numbers(PaperWorkload.class, List.of(), List.of(String.valueOf(batchNanos),
                String.valueOf(quick)), MARK, FIELDS, "the paper's workload"));
    }

    /** The child: arguments the batch length in ns and quick; prints one line with the engine's numbers. */
    public static void main(String[] args) {
        Timer timer = new Timer(Long.parseLong(args[0]), new PrintWriter(Writer.nullWriter()));
        StringBuilder line = new StringBuilder(MARK);
        for (double x : engine(timer, Boolean.parseBoolean(args[1])).fields()) {
            line.append(' ').append(x);
        }
        System.out.println(line);
    }

    private static PaperWorkload engine(Timer timer, boolean quick) {
        Problem problem = Fixtures.paperProblem();
        DeepLinearNet net = Fixtures.paperNet();
        double[] w0 = paperInit(net, problem, INIT_SCALE, 0);
        PaperWorkload p = new PaperWorkload();
        p.shortRun = quick ? 1000 : 2000;
        p.longRun = quick ? 11_000 : 42_000;
        Sharpness.Options power = power20();
        p.powerColdFirstRun = gdRun(problem, net, w0, LEARNING_RATE, p.shortRun, 5, power);
        LinearChainObjective o = Fixtures.objective(net, problem);
        double[] v = Fixtures.direction(w0.length, 3);
        double[] out = new double[w0.length];
        o.setPoint(w0);
        p.hvp = timer.hvp(o, v, out).seconds();
        ReducedHessian range = o.reducedHessian();
        double[] coords = Fixtures.direction(range.dimension(), 3);
        double[] hc = new double[range.dimension()];
        p.rangeProduct = timer.time(() -> range.apply(coords, hc)).seconds();
        long t0 = System.nanoTime();
        int reps = quick ? 100_000 : 400_000;
        double sink = 0;
        for (int i = 0; i < reps; i++) {
            sink += o.setPoint(w0);
        }
        p.setPoint = (System.nanoTime() - t0) / 1e9 / reps;
        Sharpness alone = new Sharpness(power, RandomStreams.of(0, "sharpness"));
        p.powerCall = timer.time(() -> alone.at(o.hessianAt(w0))).seconds();
        if (sink == 42) {
            timer.progress("");
        }
        p.gdOnlyStep = marginal(problem, net, w0, p.shortRun, p.longRun, 0, power);
        p.powerStep = marginal(problem, net, w0, p.shortRun, p.longRun, 5, power);
        p.lanczosStep = marginal(problem, net, w0, p.shortRun, p.longRun, 5, Sharpness.Options.defaults());
        long a0 = Timer.allocated();
        gdRun(problem, net, w0, LEARNING_RATE, p.longRun, 5, power);
        long a1 = Timer.allocated();
        gdRun(problem, net, w0, LEARNING_RATE, p.shortRun, 5, power);
        long a2 = Timer.allocated();
        p.powerAllocPerStep = ((a1 - a0) - (a2 - a1)) / (double) (p.longRun - p.shortRun);
        return p;
    }
}
