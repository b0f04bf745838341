package org.dlnlab.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonTest {
    /** An impulse far from the ends comes out as the normalized Gaussian exp(−j²/2σ²)/Σ_|j|≤4σ exp(−j²/2σ²). */
    @Test
    void smoothingAnImpulseGivesTheGaussian() {
        double[] x = new double[1001];
        x[500] = 1;
        double[] y = Comparison.gaussianSmoothing(x, 50);
        double norm = 0;
        for (int j = -200; j <= 200; j++) {
            norm += Math.exp(-0.5 * j * j / 2500.0);
        }
        for (int j : new int[]{0, 1, 37, 120, 200}) {
            assertEquals(Math.exp(-0.5 * j * j / 2500.0) / norm, y[500 + j], 1e-15);
        }
        assertEquals(0, y[500 + 201], 0);
    }

    /** At the ends and next to a diverged run's NaN cells the weights are renormalized: a constant stays put. */
    @Test
    void aConstantStaysConstantAtTheEndsAndBeforeNaN() {
        double[] x = new double[300];
        java.util.Arrays.fill(x, 0.25);
        for (int t = 250; t < 300; t++) {
            x[t] = Double.NaN;
        }
        double[] y = Comparison.gaussianSmoothing(x, 50);
        for (int t = 0; t < 250; t++) {
            assertEquals(0.25, y[t], 1e-15);
        }
        assertTrue(Double.isNaN(y[260]));
    }
}
