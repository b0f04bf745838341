package org.dlnlab;

import tools.jackson.core.io.NumberOutput;

/**
 * The one text form of a double in every file dlnlab writes: the shortest decimal that parses back to the same bits
 * (Jackson's fast writer, a Schubfach-family algorithm), in {@link Double#toString}'s notation. Java 17's
 * {@code Double.toString} is about three times slower and for some values not the shortest (9.999999999999999E22
 * where 1.0E23 reads back the same) or not the closest of the shortest; Java 19 changed it. This form is the same on every JDK.
 */
public final class Decimal {
    /** The most bytes {@link #write} appends. */
    public static final int MAX_BYTES = NumberOutput.MAX_DOUBLE_BYTES;

    private Decimal() {
    }

    /** x as text; NaN and ±Infinity as Java writes them. */
    public static String toString(double x) {
        return NumberOutput.toString(x, true);
    }

    /** Appends x's text (ASCII) at buf[at]; returns the end offset. */
    public static int write(double x, byte[] buf, int at) {
        return NumberOutput.outputDouble(x, buf, at);
    }

    /** Appends a long's decimal digits at buf[at]; returns the end offset. */
    public static int write(long x, byte[] buf, int at) {
        return NumberOutput.outputLong(x, buf, at);
    }
}
