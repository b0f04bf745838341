package org.dlnlab;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text of every number dlnlab writes reads back to the same bits, and differs from Java 17's
 * {@code Double.toString} only where that one is not the shortest such text, or not the closest of the shortest.
 */
class DecimalTest {
    private static final double[] EDGES = {0.0, -0.0, 1.0, -1.0, 0.1, 1e-3, 1e-4, 1e7, 1e-7, 1e22, 1e23, 1e300,
            Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, Math.PI,
            2.0 / 3, 0.3, 123456789.0, 4.35e-4};

    private static String written(double x) {
        byte[] buf = new byte[Decimal.MAX_BYTES + 3];
        buf[0] = 'a';
        int end = Decimal.write(x, buf, 1);
        assertTrue(end - 1 <= Decimal.MAX_BYTES);
        assertEquals('a', buf[0]);
        return new String(buf, 1, end - 1, StandardCharsets.US_ASCII);
    }

    private static void check(double x) {
        String s = written(x);
        assertEquals(s, Decimal.toString(x));
        assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(Double.parseDouble(s)), s);
        String jdk = Double.toString(x);
        if (!s.equals(jdk)) {
            // The only changes allowed: Java 17's text has more digits than needed, or as many but lies farther
            // from x's exact value.
            assertTrue(digits(s) < digits(jdk) || (digits(s) == digits(jdk) && error(s, x) <= error(jdk, x)),
                    x + ": " + s + " vs " + jdk);
        }
    }

    private static double error(String text, double x) {
        return new java.math.BigDecimal(text).subtract(new java.math.BigDecimal(x)).abs().doubleValue();
    }

    private static int digits(String s) {
        String mantissa = s.replace("-", "").split("E")[0].replace(".", "");
        return mantissa.replaceAll("^0+", "").replaceAll("0+$", "").length();
    }

    @Test
    void roundTripsBitForBitAndIsNeverLongerThanJava17() {
        for (double x : EDGES) {
            check(x);
            check(-x);
        }
        SplittableRandom rng = new SplittableRandom(20);
        for (int i = 0; i < 300_000; i++) {
            double x = Double.longBitsToDouble(rng.nextLong());
            if (Double.isFinite(x)) {
                check(x);
            }
            check(rng.nextGaussian() * Math.pow(10, rng.nextInt(-30, 30)));
        }
    }

    /** The texts that change against Java 17's Double.toString: those where it wrote more digits than needed. */
    @Test
    void listsTheTextsThatChange() {
        assertEquals("1.0E23", Decimal.toString(1e23));
        assertEquals("9.999999999999999E22", Double.toString(1e23));
        assertEquals("2.140700846957353E17", Decimal.toString(2.14070084695735296E17));
        assertEquals("2.14070084695735296E17", Double.toString(2.14070084695735296E17));
        assertEquals("5.0E-324", Decimal.toString(Double.MIN_VALUE));
        assertEquals("4.9E-324", Double.toString(Double.MIN_VALUE));
        assertEquals("NaN", Decimal.toString(Double.NaN));
        assertEquals("-Infinity", Decimal.toString(Double.NEGATIVE_INFINITY));
    }

    /** JSON output writes its numbers in the same form as the CSV files. */
    @Test
    void jsonNumbersHaveTheSameText() {
        var o = Json.object();
        double[] xs = {1e23, 2.14070084695735296E17, 3.5434170891528576E25, 0.1, -4.35e-4};
        for (int i = 0; i < xs.length; i++) {
            Json.put(o, "x" + i, xs[i]);
        }
        String text = Json.write(o);
        for (int i = 0; i < xs.length; i++) {
            assertTrue(text.contains("\"x" + i + "\" : " + Decimal.toString(xs[i]) + (i + 1 < xs.length ? "," : "")),
                    text);
        }
    }
}
