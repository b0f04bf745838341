package org.dlnlab.experiments.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CriticalRateTest {
    private static CriticalRate.Tally t(double eta, int conv, int runs) {
        return new CriticalRate.Tally(eta, conv, runs);
    }

    @Test
    void aRunConvergesWhenNotDivergedAndStrictlyWithinTheTolerance() {
        assertTrue(CriticalRate.converged(false, 9.99e-4));
        assertFalse(CriticalRate.converged(false, 1e-3));
        assertFalse(CriticalRate.converged(true, 0));
        assertFalse(CriticalRate.converged(false, Double.NaN));
    }

    @Test
    void aLearningRateSucceedsWithAtLeastHalfItsRuns() {
        assertTrue(CriticalRate.succeeds(t(0.1, 25, 50)));
        assertFalse(CriticalRate.succeeds(t(0.1, 24, 50)));
        assertTrue(CriticalRate.succeeds(t(0.1, 2, 3)));
        assertFalse(CriticalRate.succeeds(t(0.1, 1, 3)));
        assertFalse(CriticalRate.succeeds(t(0.1, 0, 0)));
    }

    @Test
    void theCriticalRateIsTheLargestSucceedingOneWhateverTheOrder() {
        List<CriticalRate.Tally> grid = List.of(t(0.2, 0, 10), t(0.01, 10, 10), t(0.1, 5, 10), t(0.05, 9, 10));
        assertEquals(0.1, CriticalRate.measured(grid));
        assertTrue(CriticalRate.monotone(grid));
        assertTrue(Double.isNaN(CriticalRate.measured(List.of(t(0.01, 0, 4), t(0.02, 1, 4)))));
    }

    @Test
    void anIsolatedLateSuccessIsTheCriticalRateButNotMonotone() {
        List<CriticalRate.Tally> grid = List.of(t(0.01, 10, 10), t(0.02, 2, 10), t(0.04, 6, 10), t(0.08, 0, 10));
        assertEquals(0.04, CriticalRate.measured(grid));
        assertFalse(CriticalRate.monotone(grid));
    }

    @Test
    void withinOneStepOfAGeometricGrid() {
        double q = Math.pow(10, 1.7 / 24);
        assertTrue(CriticalRate.withinOneGridStep(0.0981, 0.1072, q));
        assertTrue(CriticalRate.withinOneGridStep(0.1072 * q, 0.1072, q));
        assertFalse(CriticalRate.withinOneGridStep(0.1072 * q * 1.01, 0.1072, q));
        assertFalse(CriticalRate.withinOneGridStep(0.1072 / q / 1.01, 0.1072, q));
        assertFalse(CriticalRate.withinOneGridStep(Double.NaN, 0.1072, q));
    }
}
