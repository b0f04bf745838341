package org.dlnlab.kernels;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sample passes against plain sums (to rounding), and the Vector API implementation against the plain-Java one
 * bit for bit, on shapes that cover the outer products' groups of four and their remainder, once compiled by C2.
 */
class SamplePassesTest {
    private static final int[][] SHAPES = {{5, 5}, {1, 5}, {5, 1}, {3, 7}, {9, 4}, {8, 13}};
    private static final int STRIDE = 52;

    private static double[] random(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return v;
    }

    /** forward, backward and outer (each plain and accumulating) for one shape, all outputs in one array. */
    private static double[] runAll(SamplePasses passes, int rows, int cols, int span, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] m = random(r, 3 + rows * cols);
        double[] in = random(r, cols * STRIDE);
        double[] back = random(r, rows * STRIDE);
        double[] fwd = random(r, rows * STRIDE);
        double[] bwd = random(r, cols * STRIDE);
        double[] g = random(r, 3 + rows * cols);
        double[] g2 = g.clone();
        double[] fwd2 = fwd.clone();
        double[] bwd2 = bwd.clone();
        passes.forward(m, 3, rows, cols, in, fwd, STRIDE, span, false);
        passes.forward(m, 3, rows, cols, in, fwd2, STRIDE, span, true);
        passes.backward(m, 3, rows, cols, back, bwd, STRIDE, span, false);
        passes.backward(m, 3, rows, cols, back, bwd2, STRIDE, span, true);
        passes.outer(back, in, g, 3, rows, cols, STRIDE, span, false);
        passes.outer(back, in, g2, 3, rows, cols, STRIDE, span, true);
        double[][] parts = {fwd, fwd2, bwd, bwd2, g, g2};
        int size = 0;
        for (double[] p : parts) {
            size += p.length;
        }
        double[] all = new double[size];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    @Test
    void plainJavaPassesAreTheSumsTheyName() {
        SamplePasses passes = new ScalarSamplePasses();
        int rows = 3;
        int cols = 7;
        int span = 48;
        SplittableRandom r = new SplittableRandom(7);
        double[] m = random(r, rows * cols);
        double[] in = random(r, cols * STRIDE);
        double[] a = random(r, rows * STRIDE);
        double[] fwd = new double[rows * STRIDE];
        double[] bwd = new double[cols * STRIDE];
        double[] g = new double[rows * cols];
        passes.forward(m, 0, rows, cols, in, fwd, STRIDE, span, false);
        passes.backward(m, 0, rows, cols, a, bwd, STRIDE, span, false);
        passes.outer(a, in, g, 0, rows, cols, STRIDE, span, false);
        for (int j = 0; j < rows; j++) {
            for (int l = 0; l < cols; l++) {
                double s = 0;
                for (int i = 0; i < span; i++) {
                    s += a[j * STRIDE + i] * in[l * STRIDE + i];
                }
                assertEquals(s, g[j * cols + l], 1e-14, "outer " + j + "," + l);
            }
            for (int i = 0; i < span; i++) {
                double s = 0;
                for (int l = 0; l < cols; l++) {
                    s += m[j * cols + l] * in[l * STRIDE + i];
                }
                assertEquals(s, fwd[j * STRIDE + i], 1e-15, "forward " + j + "," + i);
            }
        }
        for (int l = 0; l < cols; l++) {
            for (int i = 0; i < span; i++) {
                double s = 0;
                for (int j = 0; j < rows; j++) {
                    s += m[j * cols + l] * a[j * STRIDE + i];
                }
                assertEquals(s, bwd[l * STRIDE + i], 1e-15, "backward " + l + "," + i);
            }
        }
        assertEquals(0, fwd[span], 0.0, "nothing written past the span");
    }

    @Test
    void vectorAndPlainJavaPassesAgreeToTheBit() {
        assumeTrue(Kernels.vectorModulePresent(), "run with --add-modules jdk.incubator.vector (the core pom does)");
        SamplePasses vector = new VectorSamplePasses();
        SamplePasses scalar = new ScalarSamplePasses();
        for (int round = 0; round < 2000; round++) {
            for (int[] shape : SHAPES) {
                int span = round % 2 == 0 ? STRIDE : 20;
                long seed = 100L * shape[0] + shape[1] + round % 7;
                double[] expected = runAll(scalar, shape[0], shape[1], span, seed);
                double[] actual = runAll(vector, shape[0], shape[1], span, seed);
                if (round % 500 == 0 || round == 1999) {
                    assertArrayEquals(expected, actual, shape[0] + "×" + shape[1] + ", round " + round);
                }
            }
        }
    }

    @Test
    void spanRoundsUpToWholeVectors() {
        assertEquals(52, SamplePasses.span(50));
        assertEquals(4, SamplePasses.span(1));
        assertEquals(8, SamplePasses.span(8));
        assertEquals(Kernels.vectorized() ? "vector" : "scalar", SamplePasses.create().name());
    }
}
