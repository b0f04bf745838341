package org.dlnlab.bench;

import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
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
 * Time of one exact Hessian–vector product {@link Objective#hvp} at a cached point versus the parameter count
 * N ≈ L·d² (L = 4, hidden width d, p = 1). {@link Objective#setPoint} is set-up, outside the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HvpBenchmark {
    @Param({"64", "128", "256", "512"})
    public int d;

    private Objective objective;
    private double[] v;
    private double[] out;

    @Setup(Level.Trial)
    public void setUp() {
        Problem problem = Fixtures.problem(4 * d, d);
        DeepLinearNet net = Fixtures.scalingNet(d);
        objective = Fixtures.objective(net, problem);
        double[] w = Fixtures.smallInit(net, problem);
        objective.setPoint(w);
        v = Fixtures.direction(w.length);
        out = new double[w.length];
    }

    @Benchmark
    public void hvp(Blackhole bh) {
        objective.hvp(v, out);
        bh.consume(out);
    }
}
