package org.dlnlab.experiments.analysis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsTest {

    /**
     * Student's t CDF with 3 degrees of freedom in closed form, F(t) = 1/2 + (1/π)(u/(1 + u²) + atan u) with
     * u = t/√3: an oracle that shares nothing with Hipparchus.
     */
    private static double t3Cdf(double t) {
        double u = t / Math.sqrt(3);
        return 0.5 + (u / (1 + u * u) + Math.atan(u)) / Math.PI;
    }

    @Test
    void olsMatchesTheHandComputedExample() {
        // x̄ = 3, ȳ = 4, Sxx = 10, Sxy = 6, Syy = 6: slope 0.6, intercept 2.2, residuals (−0.8, 0.6, 1, −0.6, −0.2),
        // SSE = 2.4, s² = 0.8, SE = √(0.8/10), t = 0.6/SE, R² = 1 − 2.4/6 = 0.6.
        Stats.Ols fit = Stats.ols(new double[]{1, 2, 3, 4, 5}, new double[]{2, 4, 5, 4, 5});
        assertEquals(5, fit.n());
        assertEquals(0.6, fit.slope(), 1e-14);
        assertEquals(2.2, fit.intercept(), 1e-14);
        double se = Math.sqrt(0.08);
        assertEquals(se, fit.slopeStandardError(), 1e-14);
        assertEquals(0.6 / se, fit.t(), 1e-12);
        assertEquals(0.6, fit.rSquared(), 1e-14);
        assertEquals(2 * (1 - t3Cdf(0.6 / se)), fit.pValue(), 1e-10);
        assertEquals(0.124027, fit.pValue(), 1e-6);
        // 95% interval: t_{0.975, 3} = 3.182446305 (t table), so 0.6 ± 3.182446305·√0.08.
        assertEquals(0.6 - 3.182446305 * se, fit.slopeLower95(), 1e-8);
        assertEquals(0.6 + 3.182446305 * se, fit.slopeUpper95(), 1e-8);
    }

    @Test
    void olsOfAnExactLineHasZeroErrorAndNegativeSlopesKeepTheirSign() {
        Stats.Ols fit = Stats.ols(new double[]{0, 1, 2, 3}, new double[]{5, 3, 1, -1});
        assertEquals(-2, fit.slope(), 1e-14);
        assertEquals(5, fit.intercept(), 1e-14);
        assertEquals(0, fit.slopeStandardError(), 1e-14);
        assertEquals(0, fit.pValue());
    }

    @Test
    void olsRefusesTooFewPointsOrConstantX() {
        assertThrows(IllegalArgumentException.class, () -> Stats.ols(new double[]{1, 2}, new double[]{1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Stats.ols(new double[]{1, 1, 1}, new double[]{1, 2, 3}));
    }

    @Test
    void spearmanUsesAverageRanksForTies() {
        // y ranks (1, 2, 3.5, 5, 3.5): Sxy = 8, Sxx = 10, Syy = 9.5, ρ = 8/√95.
        double rho = Stats.spearman(new double[]{1, 2, 3, 4, 5}, new double[]{5, 6, 7, 8, 7});
        assertEquals(8 / Math.sqrt(95), rho, 1e-14);
    }

    @Test
    void spearmanIsOneForAnyIncreasingMapAndMinusOneForDecreasing() {
        double[] x = {0.1, 0.5, 0.2, 0.9, 0.3};
        double[] up = new double[x.length];
        double[] down = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            up[i] = Math.exp(10 * x[i]);
            down[i] = -x[i] * x[i] * x[i];
        }
        assertEquals(1, Stats.spearman(x, up), 1e-14);
        assertEquals(-1, Stats.spearman(x, down), 1e-14);
    }

    @Test
    void correlationPValueMatchesTheTFormula() {
        // r = 0.5, n = 5: t = 0.5·√(3/0.75) = 1, df = 3.
        assertEquals(2 * (1 - t3Cdf(1)), Stats.correlationPValue(0.5, 5), 1e-10);
        assertTrue(Double.isNaN(Stats.correlationPValue(0.5, 2)));
    }

    @Test
    void bandIsMeanPlusMinus196StandardErrors() {
        // mean 2.5, sd = √(5/3), half-width 1.96·sd/√4.
        Stats.Band b = Stats.band(new double[]{1, 2, 3, 4});
        double half = 1.96 * Math.sqrt(5.0 / 3) / 2;
        assertEquals(4, b.n());
        assertEquals(2.5, b.mean(), 1e-15);
        assertEquals(2.5 - half, b.lower(), 1e-14);
        assertEquals(2.5 + half, b.upper(), 1e-14);
        Stats.Band one = Stats.band(new double[]{7});
        assertEquals(7, one.lower());
        assertEquals(7, one.upper());
        assertTrue(Double.isNaN(Stats.band(new double[0]).mean()));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3, Stats.median(new double[]{5, 1, 3}));
        assertEquals(2.5, Stats.median(new double[]{4, 1, 3, 2}));
    }
}
