package org.dlnlab.model;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact GELU's σ and σ′ against mpmath at 50 digits (gelu_mpmath.csv, written by
 * scripts/oracles/gelu_central.py, which shares no code with {@link Gelu}), on the central range, around its edge and
 * on the Mills-ratio path beyond; and its batched form, once the JIT has compiled it, against the scalar one.
 */
class GeluTest {
    /** x, σ, σ′, Φ, φ (mpmath, at the double x). */
    private static List<String[]> rows() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                GeluTest.class.getResourceAsStream("/dlnlab/gelu/gelu_mpmath.csv"), StandardCharsets.UTF_8))) {
            in.readLine();
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rows.add(line.split(","));
            }
        }
        return rows;
    }

    /** |computed − exact| in ulps of scale, exactly (BigDecimal). */
    private static double ulps(double computed, String exact, double scale) {
        BigDecimal error = new BigDecimal(computed).subtract(new BigDecimal(exact)).abs();
        return error.divide(new BigDecimal(Math.ulp(Math.abs(scale))), MathContext.DECIMAL64).doubleValue();
    }

    /**
     * σ within 3.5 ulps of σ and σ′ within 3 ulps of |Φ| + |x|φ (σ′ has a root near −0.75, where no sum of its two
     * terms is accurate relative to σ′ itself): the script's largest errors on its grid are 3.11 and 2.73, rounding
     * (for x &lt; 0, 1/2 + x·A(x²) cancels). Beyond the central range the Mills-ratio path holds the same bounds.
     */
    @Test
    void valueAndSlopeAreMpmathsToAFewUlps() throws IOException {
        double worstValue = 0;
        double worstSlope = 0;
        int central = 0;
        for (String[] row : rows()) {
            double x = Double.parseDouble(row[0]);
            double sigma = Double.parseDouble(row[1]);
            double scale = Double.parseDouble(row[3]) + Math.abs(x) * Double.parseDouble(row[4]);
            double v = Gelu.value(x);
            double s = Gelu.derivative(x);
            if (sigma != 0) {
                worstValue = Math.max(worstValue, ulps(v, row[1], sigma));
                assertTrue(ulps(v, row[1], sigma) <= 3.5, "σ(" + x + ") = " + v + ", mpmath " + row[1]);
            } else {
                assertEquals(0, v, 0.0, "σ(" + x + ")");
            }
            worstSlope = Math.max(worstSlope, ulps(s, row[2], scale));
            assertTrue(ulps(s, row[2], scale) <= 3, "σ′(" + x + ") = " + s + ", mpmath " + row[2]);
            central += Math.abs(x) < GeluCentral.CUT ? 1 : 0;
        }
        assertTrue(central > 1500 && worstValue > 1 && worstSlope > 1,
                "the fixture covers the central range: " + central + " points, " + worstValue + ", " + worstSlope);
    }

    /**
     * The batched σ, σ′ bit for bit the scalar ones, on the central range, its edges and beyond, at offsets that
     * leave the vectorized loop a pre- and post-loop; checked after enough calls for C2 to have compiled the loop.
     */
    @Test
    void compiledBatchesAreTheScalarFunctionsBitForBit() {
        double[] z = new double[1003];
        for (int i = 0; i < z.length; i++) {
            z[i] = -1.3 + i * (2.6 / (z.length - 1));
        }
        z[10] = GeluCentral.CUT;
        z[11] = -GeluCentral.CUT;
        z[12] = Math.nextDown(GeluCentral.CUT);
        z[13] = Double.NaN;
        z[14] = -0.0;
        z[15] = Double.NEGATIVE_INFINITY;
        z[16] = 9.5;
        double[] value = new double[z.length];
        double[] slope = new double[z.length];
        for (int round = 0; round < 20_000; round++) {
            Gelu.valuesAndSlopes(z, 3, z.length - 2, value, slope);
        }
        for (int i = 0; i < z.length; i++) {
            boolean inside = i >= 3 && i < z.length - 2;
            assertEquals(inside ? Gelu.value(z[i]) : 0, value[i], 0.0, "σ at " + z[i]);
            assertEquals(inside ? Gelu.derivative(z[i]) : 0, slope[i], 0.0, "σ′ at " + z[i]);
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(value[14]), "σ(−0) = −0");
    }
}
