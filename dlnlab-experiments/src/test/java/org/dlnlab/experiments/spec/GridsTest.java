package org.dlnlab.experiments.spec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GridsTest {
    @Test
    void linspaceHasExactEndpointsAndEqualSteps() {
        List<Double> s = Grids.linspace(0.25, 0.6, 10);
        assertEquals(10, s.size());
        assertEquals(0.25, s.get(0));
        assertEquals(0.6, s.get(9));
        for (int i = 1; i < 10; i++) {
            assertEquals(0.35 / 9, s.get(i) - s.get(i - 1), 1e-15);
        }
        assertEquals(List.of(3.0), Grids.linspace(3, 7, 1));
    }

    @Test
    void logspaceIsTheGridOfFig2() {
        List<Double> eta = Grids.logspace(-2, -0.3, 25);
        assertEquals(0.01, eta.get(0), 1e-17);
        assertEquals(Math.pow(10, -0.3), eta.get(24), 1e-15);
        assertEquals(Math.pow(10, 1.7 / 24), eta.get(1) / eta.get(0), 1e-12);
    }

    @Test
    void keysHaveFourSignificantDigitsInPlainNotation() {
        assertEquals("0.25", Grids.key(0.25));
        assertEquals("0.3278", Grids.key(0.25 + 2 * 0.35 / 9));
        assertEquals("0.005", Grids.key(0.005));
        assertEquals("0.01177", Grids.key(Math.pow(10, -2 + 1.7 / 24)));
        assertEquals("0", Grids.key(0));
        assertEquals("40000", Grids.key(40000));
        assertEquals("007", Grids.rep(7));
    }
}
