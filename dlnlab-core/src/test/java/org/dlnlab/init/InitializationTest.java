package org.dlnlab.init;

import org.dlnlab.InvalidInputException;
import org.dlnlab.data.DataSources;
import org.dlnlab.data.Problem;
import org.dlnlab.net.DeepLinearNet;
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
    void badSpecsNameTheOption() {
        for (String spec : new String[]{"small", "small:-1", "small:x", "orthogonal:2", "xavier", "file:"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Initialization.parse(spec));
            assertTrue(e.getMessage().startsWith("--init"), e.getMessage());
        }
    }
}
