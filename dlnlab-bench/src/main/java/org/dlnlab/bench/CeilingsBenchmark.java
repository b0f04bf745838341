package org.dlnlab.bench;

import org.bytedeco.javacpp.DoublePointer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemv;

/**
 * The machine's ceilings under JMH: OpenBLAS (bytedeco) dgemv y = A x, row-major, single-threaded, cycling over
 * {@code count} d×d matrices (count = 1: one matrix; larger counts: a working set as large as a net's weights),
 * and a streaming copy of {@code mib} MiB (bytes read + written = 2 × size per op). GF/s = 2·d²·count / time;
 * GB/s = 2·size / time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-DOPENBLAS_NUM_THREADS=1"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CeilingsBenchmark {
    @State(Scope.Thread)
    public static class Dgemv {
        @Param({"5", "20", "100", "512", "2048"})
        public int d;

        @Param({"1", "9"})
        public int count;

        DoublePointer a;
        DoublePointer x;
        DoublePointer y;

        @Setup(Level.Trial)
        public void setUp() {
            org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
            long n = (long) d * d * count;
            a = new DoublePointer(n);
            double[] chunk = new double[(int) Math.min(n, 1 << 16)];
            Arrays.fill(chunk, 1e-3);
            for (long i = 0; i < n; i += chunk.length) {
                a.position(i).put(chunk, 0, (int) Math.min(chunk.length, n - i));
            }
            a.position(0);
            x = new DoublePointer(d);
            y = new DoublePointer(d);
            for (int i = 0; i < d; i++) {
                x.put(i, 1.0 / (1 + i));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            a.close();
            x.close();
            y.close();
        }
    }

    @State(Scope.Thread)
    public static class Copy {
        @Param({"1", "16", "256"})
        public int mib;

        double[] src;
        double[] dst;

        @Setup(Level.Trial)
        public void setUp() {
            src = new double[mib << 17];
            dst = new double[mib << 17];
            Arrays.fill(src, 1.5);
        }
    }

    @Benchmark
    public void dgemv(Dgemv s) {
        long per = (long) s.d * s.d;
        for (int k = 0; k < s.count; k++) {
            cblas_dgemv(CblasRowMajor, CblasNoTrans, s.d, s.d, 1.0, s.a.position(k * per), s.d, s.x, 1, 0.0, s.y, 1);
        }
        s.a.position(0);
    }

    @Benchmark
    public double[] copy(Copy s) {
        System.arraycopy(s.src, 0, s.dst, 0, s.src.length);
        return s.dst;
    }
}
