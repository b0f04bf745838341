package org.dlnlab.kernels;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The inner loops: the Vector API and plain-Java implementations agree to the bit on every shape and range (so a
 * JVM without the incubator module computes the same numbers), the small-width kernels agree with both, and all
 * agree with naive loops to round-off.
 */
class KernelsTest {
    private static final int[] SIZES = {1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 31, 33, 64, 100};

    private static double[] random(int n, SplittableRandom rng) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }

    /** Runs every kernel of impl on a fixed random case; returns all outputs concatenated. */
    private static double[] runAll(KernelImpl k, boolean small, int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int off = 3;
        double[] w = random(off + rows * cols + 2, rng);
        double[] v = random(w.length, rng);
        double[] x = random(cols + 5, rng);
        double[] y = random(rows + 5, rng);
        double[] u = random(rows + 4, rng);
        double[] ud = random(rows + 4, rng);
        double[] va = random(rows + 4, rng);
        double[] out1 = new double[cols + 6];
        double[] out2 = new double[rows + 6];
        double[] out3 = new double[rows + 6];
        double[] partial = new double[rows + 3];
        double[] out4 = new double[cols + 6];
        double[] next = new double[rows + 3];
        double[] hv = new double[w.length];
        double[] g = new double[w.length];
        double[] w2 = w.clone();
        double[] out5 = random(rows + 6, rng);
        if (small) {
            SmallKernels.transMult(w, off, rows, cols, y, 2, out1, 1, false);
            SmallKernels.mult(w, off, cols, 0, rows, x, 4, out2, 2, false);
            SmallKernels.mult(w, off, cols, 1, rows, x, 4, out5, 2, true);
            SmallKernels.multRankOne(w2, off, cols, 0, rows, x, 4, out3, 2, 0.37, u, 1);
            SmallKernels.hvpBackward(v, w, off, rows, cols, u, 1, ud, 2, x, 3, out4, 2, partial, 1);
            SmallKernels.hvpForward(w, off, cols, 0, rows, x, 2, va, 3, next, 1, ud, 2, u, 1, x, 3, hv);
            new ScalarKernels().outer(g, off, cols, 0, rows, u, 1, x, 3);
        } else {
            k.transMult(w, off, rows, cols, 0, cols, y, 2, out1, 1, false);
            k.mult(w, off, cols, 0, rows, x, 4, out2, 2, false);
            // Added into present values, and from an odd first row (the row pairs then start elsewhere).
            k.mult(w, off, cols, 1, rows, x, 4, out5, 2, true);
            k.multRankOne(w2, off, cols, 0, rows, x, 4, out3, 2, 0.37, u, 1);
            k.hvpBackward(v, w, off, rows, cols, 0, cols, u, 1, ud, 2, x, 3, out4, 2, partial, 1);
            k.hvpForward(w, off, cols, 0, rows, x, 2, va, 3, next, 1, ud, 2, u, 1, x, 3, hv);
            k.outer(g, off, cols, 0, rows, u, 1, x, 3);
        }
        double dot = k.dot(w, 1, v, 2, rows * cols);
        double[] axpy = v.clone();
        k.axpy(-0.7, w, axpy, 2, 2 + rows * cols);
        return concat(out1, out2, out3, w2, out4, partial, next, hv, g, new double[] {dot}, axpy, out5);
    }

    private static double[] concat(double[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        double[] all = new double[n];
        int i = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, all, i, p.length);
            i += p.length;
        }
        return all;
    }

    @Test
    void vectorAndScalarKernelsAgreeToTheBit() {
        assumeTrue(Kernels.vectorModulePresent(), "run with --add-modules jdk.incubator.vector (the core pom does)");
        KernelImpl vector = new VectorKernels();
        KernelImpl scalar = new ScalarKernels();
        for (int rows : SIZES) {
            for (int cols : SIZES) {
                long seed = 1000L * rows + cols;
                assertArrayEquals(runAll(scalar, false, rows, cols, seed), runAll(vector, false, rows, cols, seed),
                        rows + "×" + cols);
            }
        }
    }

    /** The Vector API kernels only where their 256-bit species is compiled to instructions, and only when asked. */
    @Test
    void choiceFollowsTheVectorWidth() {
        double unknown = Double.POSITIVE_INFINITY;
        assertEquals("scalar", Kernels.choice("auto", true, 0, unknown));
        assertEquals("scalar", Kernels.choice("auto", true, 64, unknown));
        assertEquals("scalar", Kernels.choice("auto", true, 128, unknown));
        assertEquals("vector", Kernels.choice("auto", true, 256, unknown));
        assertEquals("vector", Kernels.choice("auto", true, 512, unknown));
        assertEquals("scalar", Kernels.choice("auto", false, 256, unknown));
        assertEquals("scalar", Kernels.choice("scalar", true, 512, unknown));
        assertEquals("scalar", Kernels.choice("SCALAR", true, 256, unknown));
        assertEquals("scalar", Kernels.choice("vector", true, 128, unknown));
    }

    /** A run too short to win back the Vector API's JIT warm-up runs on plain Java, unless the Vector API is forced. */
    @Test
    void aShortRunChoosesThePlainKernels() {
        // The paper's workload (230 parameters) with the power iteration every 5 steps: 20 products per 5 steps.
        double paperRun = ExpectedWork.of(230, 40_000, 4);
        assertEquals(230.0 * 40_000 * 9, paperRun);
        assertEquals("scalar", Kernels.choice("auto", true, 256, paperRun));
        assertEquals("vector", Kernels.choice("vector", true, 256, paperRun));
        assertEquals("vector", Kernels.choice("auto", true, 256, ExpectedWork.of(230, 1_000_000, 4)));
        // d = 100, L = 10 (about 90,000 parameters), GD only.
        assertEquals("scalar", Kernels.choice("auto", true, 256, ExpectedWork.of(90_000, 1_000, 0)));
        assertEquals("vector", Kernels.choice("auto", true, 256, ExpectedWork.of(90_000, 10_000, 0)));
    }

    /** Dot products shorter than one 16-lane block run on plain Java whatever the JVM chose, longer ones on its choice. */
    @Test
    void shortDotProductsRunOnPlainJava() {
        for (int n = 0; n < KernelImpl.LANES; n++) {
            assertTrue(Kernels.forDot(n) instanceof ScalarKernels, "n = " + n);
        }
        assertEquals(Kernels.IMPL, Kernels.forDot(KernelImpl.LANES));
        assertEquals(Kernels.IMPL, Kernels.forDot(1000));
    }

    /**
     * The JVM's own choice, for the width it was started with: the core pom runs this class again with
     * -XX:MaxVectorSize=16 -Ddlnlab.vector.bits=128 (128-bit SIMD, as on ARM) and with -Ddlnlab.vector.bits=512,
     * where the bitwise test above then also checks the 256-bit kernels on 128-bit hardware.
     */
    @Test
    void thisJvmRunsTheChoiceForItsVectorWidth() {
        String forced = System.getProperty(Kernels.VECTOR_BITS_PROPERTY);
        if (forced != null) {
            assertEquals(Integer.parseInt(forced), Kernels.chosenForBits());
        }
        String expected = Kernels.choice(System.getProperty("dlnlab.kernels", "auto"), Kernels.vectorModulePresent(),
                Kernels.chosenForBits(), Double.POSITIVE_INFINITY);
        assertEquals(expected, Kernels.implementation());
        assertEquals(expected.equals("vector"), Kernels.vectorized());
    }

    @Test
    void smallKernelsAgreeWithTheCanonicalOnesToTheBit() {
        KernelImpl scalar = new ScalarKernels();
        for (int rows : SIZES) {
            for (int cols = 1; cols <= SmallKernels.MAX_COLS; cols++) {
                long seed = 7000L * rows + cols;
                assertArrayEquals(runAll(scalar, false, rows, cols, seed), runAll(scalar, true, rows, cols, seed),
                        rows + "×" + cols);
            }
        }
    }

    @Test
    void kernelsMatchNaiveLoops() {
        SplittableRandom rng = new SplittableRandom(5);
        KernelImpl k = Kernels.IMPL;
        for (int rows : SIZES) {
            for (int cols : SIZES) {
                double[] w = random(rows * cols, rng);
                double[] x = random(cols, rng);
                double[] y = random(rows, rng);
                double[] wx = new double[rows];
                double[] wty = new double[cols];
                k.mult(w, 0, cols, 0, rows, x, 0, wx, 0, false);
                k.transMult(w, 0, rows, cols, 0, cols, y, 0, wty, 0, false);
                for (int i = 0; i < rows; i++) {
                    double s = 0;
                    for (int j = 0; j < cols; j++) {
                        s += w[i * cols + j] * x[j];
                    }
                    assertEquals(s, wx[i], 1e-12 * (1 + Math.abs(s)) * cols);
                }
                for (int j = 0; j < cols; j++) {
                    double s = 0;
                    for (int i = 0; i < rows; i++) {
                        s += w[i * cols + j] * y[i];
                    }
                    assertEquals(s, wty[j], 1e-12 * (1 + Math.abs(s)) * rows);
                }
            }
        }
    }

    @Test
    void columnBlocksOfTheBackwardPassLeaveEveryColumnUnchanged() {
        SplittableRandom rng = new SplittableRandom(11);
        int rows = 600;
        int cols = 1000;
        assertTrue((long) rows * cols >= ChainPasses.PARALLEL_MIN_ENTRIES);
        double[] w = random(rows * cols, rng);
        double[] y = random(rows, rng);
        double[] whole = new double[cols];
        Kernels.IMPL.transMult(w, 0, rows, cols, 0, cols, y, 0, whole, 0, false);
        double[] blocked = new double[cols];
        new ChainPasses().transMult(w, 0, rows, cols, 0, 0, y, blocked);
        assertArrayEquals(whole, blocked);
    }

    /** Several outputs: the HVP's two passes are the separate Blocks products, in the same order (same bits). */
    @Test
    void severalOutputHvpPassesAreTheSeparateBlockProducts() {
        SplittableRandom rng = new SplittableRandom(13);
        int rows = 7;
        int cols = 5;
        int p = 3;
        LayerPasses passes = LayerPasses.forOutputs(p);
        assertTrue(passes instanceof BlockPasses);
        assertTrue(LayerPasses.forOutputs(1) instanceof ChainPasses);
        double[] w = random(rows * cols + 2, rng);
        double[] v = random(w.length, rng);
        double[] u = random(rows * p, rng);
        double[] ud = random(rows * p, rng);
        double[] a = random(cols * p, rng);
        double[] ad = random(cols * p, rng);
        double[] back = new double[cols * p];
        double[] va = new double[rows * p];
        double[] next = new double[rows * p];
        double[] hv = random(w.length, rng);
        passes.hvpBackward(v, w, 2, rows, cols, 0, 0, u, ud, a, back, va);
        passes.hvpForward(w, 2, rows, cols, 0, 0, ad, va, next, ud, u, a, hv);
        double[] back2 = new double[cols * p];
        Blocks.multTransA(v, 2, rows, cols, u, 0, p, back2, 0);
        Blocks.multAddTransA(w, 2, rows, cols, ud, 0, p, back2, 0);
        double[] next2 = new double[rows * p];
        Blocks.mult(v, 2, rows, cols, a, 0, p, next2, 0);
        Blocks.multAdd(w, 2, rows, cols, ad, 0, p, next2, 0);
        double[] hv2 = hv.clone();
        Blocks.outer(1.0, ud, 0, a, 0, rows, cols, p, 0.0, hv2, 2);
        Blocks.outer(1.0, u, 0, ad, 0, rows, cols, p, 1.0, hv2, 2);
        assertArrayEquals(back2, back);
        assertArrayEquals(next2, next);
        assertArrayEquals(hv2, hv);
    }
}
