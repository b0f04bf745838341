package org.dlnlab.curvature;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inverse iteration against EJML's dense symmetric eigendecomposition of the same matrix. */
class TridiagonalEigenvectorTest {

    @ParameterizedTest
    @CsvSource({"1, 1, 1.0", "2, 2, 1.0", "3, 7, 1.0", "4, 30, 1.0", "5, 48, 1e-3", "6, 48, 1e3", "7, 200, 1.0",
            "8, 20, 1e-9"})
    void agreesWithTheDenseEigendecomposition(long seed, int m, double offScale) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[m];
        double[] b = new double[Math.max(1, m - 1)];
        DMatrixRMaj t = new DMatrixRMaj(m, m);
        for (int i = 0; i < m; i++) {
            a[i] = rng.nextGaussian();
            t.set(i, i, a[i]);
            if (i + 1 < m) {
                b[i] = offScale * rng.nextGaussian();
                t.set(i, i + 1, b[i]);
                t.set(i + 1, i, b[i]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, true, true);
        assertTrue(eig.decompose(t.copy()));
        double[] dense = new double[m];
        int top = 0;
        for (int i = 0; i < m; i++) {
            dense[i] = eig.getEigenvalue(i).real;
            if (dense[i] > dense[top]) {
                top = i;
            }
        }
        double[] sorted = dense.clone();
        Arrays.sort(sorted);
        double norm = Math.max(Math.abs(sorted[0]), Math.abs(sorted[m - 1]));
        // θ as Lanczos gets it: Laguerre's method on the tridiagonal.
        double theta = TridiagonalLargest.of(a, b, m);
        assertEquals(sorted[m - 1], theta, 1e-13 * norm);
        double[] x = TridiagonalEigenvector.of(a, b, m, theta, norm);
        double r = 0;
        double len = 0;
        for (int i = 0; i < m; i++) {
            double tx = a[i] * x[i] + (i > 0 ? b[i - 1] * x[i - 1] : 0) + (i + 1 < m ? b[i] * x[i + 1] : 0);
            r += (tx - theta * x[i]) * (tx - theta * x[i]);
            len += x[i] * x[i];
        }
        assertEquals(1, Math.sqrt(len), 1e-14);
        assertTrue(Math.sqrt(r) <= 1e-13 * norm, "residual " + Math.sqrt(r));
        // The last component, which the Lanczos residual |β s_m| uses, matches the dense eigenvector's.
        double[] v = eig.getEigenVector(top).data;
        double vn = 0;
        for (double e : v) {
            vn += e * e;
        }
        double gap = m > 1 ? sorted[m - 1] - sorted[m - 2] : norm;
        assertEquals(Math.abs(v[m - 1]) / Math.sqrt(vn), Math.abs(x[m - 1]), 1e-12 * norm / Math.max(gap, 1e-300));
    }
}
