package org.dlnlab.init;

import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.InvalidInputException;
import org.dlnlab.data.DataSources;
import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitializationTest {
    private static final Problem FIG1 = Problem.of(DataSources.load("builtin:mc_fig1", List.of()));

    @Test
    void orthogonalLayersHaveOrthonormalRowsOrColumns() {
        DeepLinearNet net = DeepLinearNet.of(5, 8, 3, 1);
        double[] w = Initialization.parse("orthogonal").create(net, FIG1, new SplittableRandom(1));
        for (int k = 1; k <= net.depth(); k++) {
            double[][] m = net.layer(w, k);
            int r = m.length;
            int c = m[0].length;
            boolean tall = r >= c;
            int n = tall ? c : r;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    for (int t = 0; t < (tall ? r : c); t++) {
                        dot += tall ? m[t][i] * m[t][j] : m[i][t] * m[j][t];
                    }
                    assertEquals(i == j ? 1 : 0, dot, 1e-12, "layer " + k);
                }
            }
        }
    }

    @Test
    void residualInitIsIdentityPlusScaledNoise() {
        int depth = 10;
        DeepLinearNet net = DeepLinearNet.residual(5, depth, new double[]{1, 0, 0, 0, 0});
        double[] w = Initialization.parse("residual:2.0").create(net, FIG1, new SplittableRandom(2));
        double sumSq = 0;
        int count = 0;
        for (int k = 1; k <= depth; k++) {
            double[][] m = net.layer(w, k);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    double noise = m[i][j] - (i == j ? 1 : 0);
                    sumSq += noise * noise;
                    count++;
                }
            }
        }
        double expectedSd = 2.0 / Math.sqrt(depth * 5.0);
        assertEquals(expectedSd, Math.sqrt(sumSq / count), 0.15 * expectedSd);
        assertThrows(InvalidInputException.class, () ->
                Initialization.parse("residual:1").create(DeepLinearNet.standard(5, 4, 3, 1), FIG1,
                        new SplittableRandom(3)));
    }

    @Test
    void alignedMinimizerLayersAllHaveNormWStarToTheOneOverL() {
        DeepLinearNet net = DeepLinearNet.standard(5, 5, 6, 1);
        double[] w = Initialization.parse("aligned-minimizer").create(net, FIG1, null);
        double wNorm = 0;
        for (double x : FIG1.wStar()) {
            wNorm += x * x;
        }
        double layerNorm = Math.pow(Math.sqrt(wNorm), 1.0 / 6);
        for (int k = 1; k <= 6; k++) {
            double fro = 0;
            for (double[] row : net.layer(w, k)) {
                for (double x : row) {
                    fro += x * x;
                }
            }
            assertEquals(layerNorm, Math.sqrt(fro), 1e-12, "layer " + k);
        }
    }

    @Test
    void spectralInitIsBalancedAndStartsAtTheScaledPolarFactorOfSigmaXY() {
        // z-scored so that Σ_xy is well conditioned and the inverse square root below loses no digits.
        Problem linnerud = Problem.of(org.dlnlab.data.Standardization.ZSCORE.apply(
                DataSources.load("builtin:linnerud", List.of("Weight", "Waist", "Pulse"))));
        DeepLinearNet net = DeepLinearNet.of(3, 4, 5, 3);
        double delta = 2;
        double[] w = Initialization.parse("spectral:" + delta).create(net, linnerud, null);
        for (double b : org.dlnlab.theory.Structure.of(net, w).balancedness()) {
            assertEquals(0, b, 1e-14);
        }
        // Oracle: for a square invertible Σ_xy = U diag(σ) Vᵀ, U Vᵀ = Σ_xy (Σ_xyᵀ Σ_xy)^{-1/2} (its polar factor).
        DMatrixRMaj sxy = new DMatrixRMaj(3, 3, true, linnerud.sigmaXY());
        DMatrixRMaj gram = new DMatrixRMaj(3, 3);
        CommonOps_DDRM.multTransA(sxy, sxy, gram);
        EigenDecomposition_F64<DMatrixRMaj> evd = DecompositionFactory_DDRM.eig(3, true, true);
        assertTrue(evd.decompose(gram));
        DMatrixRMaj invRoot = new DMatrixRMaj(3, 3);
        for (int i = 0; i < 3; i++) {
            DMatrixRMaj q = evd.getEigenVector(i);
            double c = 1 / Math.sqrt(evd.getEigenvalue(i).real);
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    invRoot.add(a, b, c * q.get(a) * q.get(b));
                }
            }
        }
        DMatrixRMaj polar = new DMatrixRMaj(3, 3);
        CommonOps_DDRM.mult(Math.exp(-delta), sxy, invRoot, polar);
        org.dlnlab.objective.LinearChainObjective o = new org.dlnlab.objective.LinearChainObjective(net, linnerud,
                org.dlnlab.objective.LossConvention.MSE);
        o.setPoint(w);
        double[] e = o.endToEnd();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(polar.get(i, j), e[i * 3 + j], 1e-12, "E[" + i + "][" + j + "]");
            }
        }
        assertThrows(InvalidInputException.class, () ->
                Initialization.parse("spectral:1").create(DeepLinearNet.of(3, 2, 3), linnerud, null));
    }

    @Test
    void badSpecsNameTheInitialization() {
        for (String spec : new String[]{"small", "small:-1", "small:x", "orthogonal:2", "xavier", "file:"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Initialization.parse(spec));
            assertTrue(e.getMessage().startsWith("initialization"), e.getMessage());
            assertEquals(java.util.Optional.of(InvalidInputException.Input.INITIALIZATION), e.input());
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Initialization.parse("small:x"));
        assertEquals("initialization small:x: expected a finite scale ≥ 0 after the colon, e.g. small:0.35",
                e.getMessage());
    }
}
