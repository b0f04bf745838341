package org.dlnlab.data;

import org.dlnlab.InvalidInputException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProblemTest {
    @Test
    void paperDataMatchesThePublishedConstants() {
        // The constants of dlnlab-core/src/main/resources/dlnlab/data/README.md, recomputed from the file in float64
        // by the data's authors.
        Problem p = Problem.of(DataSources.load("builtin:mc_fig1", List.of()));
        assertArrayEquals(new double[]{0.597488, 0.794948, 1.026344, 1.380419, 1.594182}, p.sigmaEigenvalues(),
                5e-7);
        double norm = Math.sqrt(p.wStar()[0] * p.wStar()[0] + p.wStar()[1] * p.wStar()[1] + p.wStar()[2] * p.wStar()[2]
                + p.wStar()[3] * p.wStar()[3] + p.wStar()[4] * p.wStar()[4]);
        assertEquals(1.00000005, norm, 5e-9);
        assertEquals(0.368223, p.rMin(), 5e-7);
    }

    @Test
    void underdeterminedDataGivesTheMinimumNormInterpolator() {
        // n < d: W* = Xᵀ(XXᵀ)⁻¹Y, computed here by the normal equations of the rows (independent of the SVD).
        Dataset data = DataSources.load("builtin:mc_fig6", List.of());
        Problem p = Problem.of(data);
        int n = data.n();
        int d = data.d();
        DMatrixRMaj x = new DMatrixRMaj(n, d, true, data.x());
        DMatrixRMaj y = new DMatrixRMaj(n, 1, true, data.y());
        DMatrixRMaj gram = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(x, x, gram);
        DMatrixRMaj z = new DMatrixRMaj(n, 1);
        assertTrue(CommonOps_DDRM.solve(gram, y, z));
        DMatrixRMaj w = new DMatrixRMaj(d, 1);
        CommonOps_DDRM.multTransA(x, z, w);
        assertArrayEquals(w.data, p.wStar(), 1e-9);
        assertEquals(0, p.rMin(), 1e-20);
        assertEquals(0, p.sigmaEigenvalues()[0]);
    }

    @Test
    void rankDeficientColumnsGiveZeroSmallestEigenvalue() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 30;
        double[] x = new double[n * 3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[3 * i] = rng.nextGaussian();
            x[3 * i + 1] = rng.nextGaussian();
            x[3 * i + 2] = x[3 * i] + x[3 * i + 1];
            y[i] = x[3 * i] - 2 * x[3 * i + 1] + 0.1 * rng.nextGaussian();
        }
        Problem p = Problem.of(new Dataset("dup", new String[]{"a", "b", "c"}, new String[]{"y"}, x, y));
        assertEquals(0, p.sigmaEigenvalues()[0]);
        // Minimum norm: W* has no component along the null direction (1, 1, −1).
        double[] w = p.wStar();
        assertEquals(0, w[0] + w[1] - w[2], 1e-12);
    }

    @Test
    void valuesThatOverflowAreRefusedWithAClearMessage() {
        double[] x = {1e200, 2e200, 3e200, 4e200};
        double[] y = {1, 2, 3, 4};
        InvalidInputException e = assertThrows(InvalidInputException.class, () ->
                Problem.of(new Dataset("huge.csv", new String[]{"x"}, new String[]{"y"}, x, y)));
        assertTrue(e.getMessage().contains("huge.csv") && e.getMessage().contains("zscore"), e.getMessage());
        double[] tiny = {1e-160, 2e-160, 3e-160, 5e-160};
        e = assertThrows(InvalidInputException.class, () ->
                Problem.of(new Dataset("tiny.csv", new String[]{"x"}, new String[]{"y"}, tiny, y)));
        assertTrue(e.getMessage().contains("tiny.csv, column \"x\"") && e.getMessage().contains("small"),
                e.getMessage());
    }

    @Test
    void extremeScalesWorkOnceStandardized() {
        // The same regression at scales 1e−200 and 1e+200: z-scoring makes both the unit-scale problem.
        double[] x = {1, 2, 3, 4, 6};
        double[] y = {2.1, 3.9, 6.2, 7.8, 12.1};
        Problem unit = Problem.of(Standardization.ZSCORE.apply(new Dataset("u", new String[]{"x"},
                new String[]{"y"}, x, y)));
        for (double scale : new double[]{1e-200, 1e200}) {
            double[] xs = x.clone();
            for (int i = 0; i < xs.length; i++) {
                xs[i] *= scale;
            }
            Problem p = Problem.of(Standardization.ZSCORE.apply(new Dataset("s", new String[]{"x"},
                    new String[]{"y"}, xs, y)));
            assertEquals(unit.wStar()[0], p.wStar()[0], 1e-12 * Math.abs(unit.wStar()[0]));
            assertEquals(unit.rMin(), p.rMin(), 1e-12);
        }
    }
}
