package org.dlnlab.bench;

import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SharpnessMethod;
import org.dlnlab.data.Problem;
import org.dlnlab.init.Initialization;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.Objective;
import org.dlnlab.train.Trainer;
import org.dlnlab.train.UpdateRule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The paper's workload under JMH: n = 50, d = 5, L = 10 (the built-in mc_fig1 data), GD at η = 0.02 from
 * small:0.35 with a sharpness estimate every 5 steps — the authors' 20-step power iteration, or our checked
 * Lanczos (warm-started) — reported per GD step (each invocation runs 500 steps from the same start; the final
 * estimate of each run is included, 1 in 500 steps).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PaperWorkloadBenchmark {
    static final int STEPS = 500;

    @Param({"none", "power", "lanczos"})
    public String sharpness;

    private Problem problem;
    private DeepLinearNet net;
    private double[] start;
    private double[] w;
    private Sharpness.Options options;

    @Setup(Level.Trial)
    public void setUp() {
        problem = Fixtures.paperProblem();
        net = Fixtures.paperNet();
        start = Initialization.parse("small:0.35").create(net, problem, RandomStreams.of(0, "init"));
        w = start.clone();
        options = switch (sharpness) {
            case "power" -> Sharpness.Options.defaults().withMethod(SharpnessMethod.POWER);
            default -> Sharpness.Options.defaults();
        };
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public double run() {
        System.arraycopy(start, 0, w, 0, w.length);
        Objective o = Fixtures.objective(net, problem);
        Sharpness s = new Sharpness(options, RandomStreams.of(0, "sharpness"));
        return Trainer.gradientDescent(0.02, STEPS, sharpness.equals("none") ? 0 : 5).run(o, w, s, r -> { })
                .finalLoss();
    }
}
