package org.dlnlab.bench;

import org.dlnlab.RandomStreams;
import org.dlnlab.data.Problem;
import org.dlnlab.data.SyntheticData;
import org.dlnlab.init.Initialization;
import org.dlnlab.kernels.Parallel;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.objective.Objective;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * The grid of issue 5 under JMH: one GD step and one HVP of the net d → d → … → d → 1 (depth L), one thread, with
 * the Vector API kernels. Compare with {@link CeilingsBenchmark} (dgemv, copy bandwidth): a GD step moves 24N bytes
 * or does 6N flops, an HVP 32N bytes or 8N flops. {@code dlnlab bench} computes the ratios in one run; d = 2048 is
 * left out by default (add {@code -p d=2048}, about 4 GiB of heap at L = 40).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Ddlnlab.threads=1"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RooflineBenchmark {
    @Param({"5", "20", "100", "512"})
    public int d;

    @Param({"2", "10", "40"})
    public int depth;

    private Objective objective;
    private double[] w;
    private double[] v;
    private double[] out;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(1);
        Problem problem = Problem.of(SyntheticData.gaussian(50, d, Fixtures.CONDITION_NUMBER, Fixtures.NOISE_STD,
                Fixtures.SEED));
        DeepLinearNet net = DeepLinearNet.standard(d, d, depth, 1);
        objective = Fixtures.objective(net, problem);
        w = Initialization.parse("small:" + 1.0 / Math.sqrt(d)).create(net, problem,
                RandomStreams.of(Fixtures.SEED, "init"));
        v = Fixtures.direction(w.length);
        out = new double[w.length];
        objective.setPoint(w);
    }

    /** One fused GD step (η tiny: the weights barely move; the cost does not depend on η). */
    @Benchmark
    public double gdStep() {
        return objective.gdStep(w, 1e-12);
    }

    /** One HVP at the point cached by the trial's setPoint (a trial runs only this method, never gdStep). */
    @Benchmark
    public void hvp(Blackhole bh) {
        objective.hvp(v, out);
        bh.consume(out);
    }
}
