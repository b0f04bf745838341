package org.dlnlab.data;

import org.dlnlab.InvalidInputException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticDataTest {

    @Test
    void shapeNamesAndSource() {
        Dataset data = SyntheticData.gaussian(7, 3, 10, 0.5, 42);
        assertEquals(7, data.n());
        assertArrayEquals(new String[] {"x0", "x1", "x2"}, data.featureNames());
        assertArrayEquals(new String[] {"y"}, data.targetNames());
        assertEquals("synthetic(n=7,d=3,kappa=10.0,noise=0.5,seed=42)", data.source());
    }

    @Test
    void theSameSeedGivesTheSameArrays() {
        Dataset a = SyntheticData.gaussian(50, 4, 100, 0.1, 7);
        Dataset b = SyntheticData.gaussian(50, 4, 100, 0.1, 7);
        assertArrayEquals(a.x(), b.x(), 0);
        assertArrayEquals(a.y(), b.y(), 0);
        assertFalse(Arrays.equals(a.x(), SyntheticData.gaussian(50, 4, 100, 0.1, 8).x()));
    }

    @Test
    void empiricalCovarianceApproachesThePrescribedSpectrum() {
        int n = 20_000;
        int d = 4;
        Dataset data = SyntheticData.gaussian(n, d, 10, 0, 3);
        DMatrixRMaj x = new DMatrixRMaj(n, d, true, data.x());
        DMatrixRMaj sigma = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(1.0 / n, x, x, sigma);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        assertTrue(eig.decompose(sigma));
        double[] measured = new double[d];
        for (int k = 0; k < d; k++) {
            measured[k] = eig.getEigenvalue(k).real;
        }
        Arrays.sort(measured);
        for (int k = 0; k < d; k++) {
            double prescribed = Math.pow(10, -(d - 1 - k) / (d - 1.0)); // ascending: 0.1, 0.215, 0.464, 1
            assertEquals(prescribed, measured[k], 0.05 * prescribed, "eigenvalue " + k);
        }
    }

    @Test
    void noiselessTargetsComeFromAUnitRegressor() {
        Dataset data = SyntheticData.gaussian(30, 5, 4, 0, 11);
        DMatrixRMaj w = new DMatrixRMaj(5, 1);
        assertTrue(CommonOps_DDRM.solve(new DMatrixRMaj(30, 5, true, data.x()),
                new DMatrixRMaj(30, 1, true, data.y()), w));
        assertEquals(1, NormOps_DDRM.normF(w), 1e-10);
    }

    @Test
    void noiseIsAddedOnTopOfTheSameInputsAndRegressor() {
        int n = 20_000;
        Dataset clean = SyntheticData.gaussian(n, 3, 10, 0, 5);
        Dataset noisy = SyntheticData.gaussian(n, 3, 10, 0.3, 5);
        assertArrayEquals(clean.x(), noisy.x(), 0);
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            double e = noisy.y()[i] - clean.y()[i];
            sumSquares += e * e;
        }
        assertEquals(0.3, Math.sqrt(sumSquares / n), 0.01);
    }

    @Test
    void oneDimensionIsAllowed() {
        assertEquals(1, SyntheticData.gaussian(3, 1, 1, 0, 1).d());
    }

    @Test
    void badParametersAreRefused() {
        assertThrows(InvalidInputException.class, () -> SyntheticData.gaussian(0, 3, 10, 0, 1));
        assertThrows(InvalidInputException.class, () -> SyntheticData.gaussian(5, 0, 10, 0, 1));
        assertThrows(InvalidInputException.class, () -> SyntheticData.gaussian(5, 3, 0.5, 0, 1));
        assertThrows(InvalidInputException.class, () -> SyntheticData.gaussian(5, 3, Double.NaN, 0, 1));
        assertThrows(InvalidInputException.class, () -> SyntheticData.gaussian(5, 3, 10, -1, 1));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SyntheticData.gaussian(5, 3, 10, Double.POSITIVE_INFINITY, 1));
        assertTrue(e.getMessage().startsWith("synthetic(n=5,d=3,kappa=10.0,noise=Infinity,seed=1)"));
    }
}
