package org.dlnlab.curvature;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Laguerre's two largest eigenvalues and the norm against EJML's dense symmetric eigendecomposition of the same matrix. */
class TridiagonalLargestTest {

    /** Eigenvalues of the tridiagonal (a, b), ascending, by EJML's dense decomposition. */
    private static double[] dense(double[] a, double[] b, int m) {
        DMatrixRMaj t = new DMatrixRMaj(m, m);
        for (int i = 0; i < m; i++) {
            t.set(i, i, a[i]);
            if (i + 1 < m) {
                t.set(i, i + 1, b[i]);
                t.set(i + 1, i, b[i]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, false, true);
        assertTrue(eig.decompose(t));
        double[] values = new double[m];
        for (int i = 0; i < m; i++) {
            values[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(values);
        return values;
    }

    private static void check(double[] a, double[] b, int m) {
        double[] values = dense(a, b, m);
        double norm = Math.max(Math.abs(values[0]), Math.abs(values[m - 1]));
        double top = TridiagonalLargest.of(a, b, m);
        assertEquals(values[m - 1], top, 1e-13 * Math.max(norm, Double.MIN_NORMAL), "largest, m = " + m);
        assertEquals(norm, TridiagonalLargest.norm(a, b, m, top), 1e-13 * norm, "norm, m = " + m);
        if (m > 1 && values[m - 2] < values[m - 1]) {
            assertEquals(values[m - 2], TridiagonalLargest.second(a, b, m, top),
                    1e-12 * Math.max(norm, Double.MIN_NORMAL), "second, m = " + m);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 1.0, 0.0", "2, 2, 1.0, 0.0", "3, 7, 1.0, 0.0", "4, 30, 1.0, 0.0", "5, 48, 1e-3, 0.0",
            "6, 48, 1e3, 0.0", "7, 200, 1.0, 0.0", "8, 20, 1e-9, 0.0", "9, 30, 1.0, -5.0", "10, 30, 1.0, 5.0",
            "11, 48, 0.0, 0.0"})
    void agreesWithTheDenseEigendecomposition(long seed, int m, double offScale, double shift) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[m];
        double[] b = new double[Math.max(1, m - 1)];
        for (int i = 0; i < m; i++) {
            a[i] = shift + rng.nextGaussian();
            if (i + 1 < m) {
                b[i] = offScale * rng.nextGaussian();
            }
        }
        check(a, b, m);
    }

    /** Wilkinson's W⁺₂₁: its two largest eigenvalues agree to about 1e-14, a near-double root for Laguerre. */
    @Test
    void wilkinsonsNearlyDoubleTopEigenvalue() {
        int m = 21;
        double[] a = new double[m];
        double[] b = new double[m - 1];
        for (int i = 0; i < m; i++) {
            a[i] = Math.abs(10 - i);
        }
        Arrays.fill(b, 1.0);
        check(a, b, m);
    }

    /** Graded entries (10⁻⁸ … 10⁸), an exactly double top eigenvalue (two equal blocks), the zero matrix. */
    @Test
    void gradedRepeatedAndZeroMatrices() {
        int m = 17;
        double[] a = new double[m];
        double[] b = new double[m - 1];
        for (int i = 0; i < m; i++) {
            a[i] = Math.pow(10, i - 8.0);
            if (i + 1 < m) {
                b[i] = 0.5 * Math.pow(10, i - 8.0);
            }
        }
        check(a, b, m);
        double[] twice = {2, 1, 2, 1};
        double[] split = {1, 0, 1};
        check(twice, split, 4);
        check(new double[5], new double[4], 5);
    }

    /** Lanczos projections of a fixed spectrum: the check that Lanczos runs at every step, against dense. */
    @Test
    void lanczosProjectionsOfALowRankHessianLikeSpectrum() {
        SplittableRandom rng = new SplittableRandom(17);
        int n = 300;
        double[] spectrum = new double[n];
        for (int i = 0; i < n; i++) {
            spectrum[i] = i < 5 ? 10.0 / (i + 1) : 1e-6 * rng.nextGaussian();
        }
        double[] q = new double[n];
        double[] prev = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = rng.nextGaussian();
        }
        double norm = Math.sqrt(Arrays.stream(q).map(x -> x * x).sum());
        for (int i = 0; i < n; i++) {
            q[i] /= norm;
        }
        int m = 40;
        double[] a = new double[m];
        double[] b = new double[m];
        double beta = 0;
        for (int j = 0; j < m; j++) {
            double[] w = new double[n];
            double alpha = 0;
            for (int i = 0; i < n; i++) {
                w[i] = spectrum[i] * q[i] - beta * prev[i];
                alpha += q[i] * w[i];
            }
            double s = 0;
            for (int i = 0; i < n; i++) {
                w[i] -= alpha * q[i];
                s += w[i] * w[i];
            }
            a[j] = alpha;
            beta = Math.sqrt(s);
            b[j] = beta;
            check(a, b, j + 1);
            prev = q;
            q = new double[n];
            for (int i = 0; i < n; i++) {
                q[i] = w[i] / beta;
            }
        }
    }
}
