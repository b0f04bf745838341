package org.dlnlab.data;

import org.dlnlab.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StandardizationTest {
    /** X (4×2) = [0.1 1; 0.2 1; 0.3 4; 0.4 2], Y (4×1) = [1; 2; 6; 3]. */
    private static final Dataset DATA = new Dataset("hand.csv", new String[] {"a", "b"}, new String[] {"t"},
            new double[] {0.1, 1, 0.2, 1, 0.3, 4, 0.4, 2}, new double[] {1, 2, 6, 3});

    private static Dataset column(double... values) {
        double[] y = new double[values.length];
        return new Dataset("col.csv", new String[] {"c"}, new String[] {"t"}, values, y);
    }

    @Test
    void parseAcceptsTheThreeOptionValues() {
        assertEquals(Standardization.NONE, Standardization.parse("none"));
        assertEquals(Standardization.CENTER, Standardization.parse("center"));
        assertEquals(Standardization.ZSCORE, Standardization.parse("zscore"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Standardization.parse("Zscore"));
        assertEquals("standardization \"Zscore\": expected none, center, zscore", e.getMessage());
    }

    @Test
    void noneLeavesTheDataAlone() {
        assertSame(DATA, Standardization.NONE.apply(DATA));
    }

    @Test
    void centerSubtractsColumnMeansOfXAndY() {
        Dataset c = Standardization.CENTER.apply(DATA);
        // means: a = 0.25, b = 2, t = 3
        assertArrayEquals(new double[] {-0.15, -1, -0.05, -1, 0.05, 2, 0.15, 0}, c.x(), 1e-15);
        assertArrayEquals(new double[] {-2, -1, 3, 0}, c.y(), 1e-15);
        assertArrayEquals(new double[] {0.1, 1, 0.2, 1, 0.3, 4, 0.4, 2}, DATA.x(), 0, "input untouched");
        assertEquals("hand.csv", c.source());
    }

    @Test
    void zscoreAlsoDividesXByThePopulationStd() {
        Dataset z = Standardization.ZSCORE.apply(DATA);
        double stdA = Math.sqrt((0.0225 + 0.0025 + 0.0025 + 0.0225) / 4); // √0.0125
        double stdB = Math.sqrt((1 + 1 + 4 + 0) / 4.0); // √1.5
        double[] expected = {-0.15 / stdA, -1 / stdB, -0.05 / stdA, -1 / stdB, 0.05 / stdA, 2 / stdB,
                0.15 / stdA, 0};
        assertArrayEquals(expected, z.x(), 1e-14);
        assertArrayEquals(new double[] {-2, -1, 3, 0}, z.y(), 1e-15, "Y is only centered");
    }

    @Test
    void aConstantColumnCentersToExactZeros() {
        assertArrayEquals(new double[] {0, 0, 0}, Standardization.CENTER.apply(column(0.1, 0.1, 0.1)).x(), 0);
    }

    @Test
    void zscoreRefusesAConstantColumnNamingFileAndColumn() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Standardization.ZSCORE.apply(column(0.1, 0.1, 0.1)));
        assertTrue(e.getMessage().startsWith("col.csv, column \"c\": every value is the same"), e.getMessage());
    }

    @Test
    void valuesNearTheDoubleRangeDoNotOverflow() {
        double[] small = {1, -1, 0.5};
        double[] huge = {1e308, -1e308, 0.5e308};
        assertArrayEquals(Standardization.ZSCORE.apply(column(small)).x(),
                Standardization.ZSCORE.apply(column(huge)).x(), 1e-15);
        double[] centered = Standardization.CENTER.apply(column(huge)).x();
        double mean = 0.5e308 / 3;
        assertArrayEquals(new double[] {1e308 - mean, -1e308 - mean, 0.5e308 - mean}, centered, 1e293);
    }

    @Test
    void centeringPastTheDoubleRangeIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Standardization.CENTER.apply(column(1.7e308, -1.7e308, -1.7e308)));
        assertTrue(e.getMessage().startsWith("col.csv, column \"c\": the centered values exceed the range"),
                e.getMessage());
    }
}
