package org.dlnlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;

/**
 * The values of every integer option (steps, widths, seeds, thread counts, …): plain integers and, as researchers
 * write counts, integral scientific notation ({@code --steps 1e5}); {@code 1.5e0} is not a count.
 */
final class IntegerOptions {
    private IntegerOptions() {
    }

    /** Registers the conversion for int, Integer, long and Long options of the command and its subcommands. */
    static void register(CommandLine cl) {
        CommandLine.ITypeConverter<Integer> toInt = s -> (int) parse(s, Integer.MIN_VALUE, Integer.MAX_VALUE);
        CommandLine.ITypeConverter<Long> toLong = s -> parse(s, Long.MIN_VALUE, Long.MAX_VALUE);
        cl.registerConverter(Integer.class, toInt);
        cl.registerConverter(Integer.TYPE, toInt);
        cl.registerConverter(Long.class, toLong);
        cl.registerConverter(Long.TYPE, toLong);
    }

    /** The integer the text spells, within [min, max]. */
    static long parse(String text, long min, long max) {
        BigDecimal value;
        try {
            // Stripped, 1e999999999 stays one digit and a scale: no step below builds a billion-digit integer.
            value = new BigDecimal(text).stripTrailingZeros();
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not an integer");
        }
        if (value.scale() > 0) {
            throw new TypeConversionException("'" + text + "' is not an integer");
        }
        if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new TypeConversionException("'" + text + "' is out of range (" + min + " to " + max + ")");
        }
        return value.longValueExact();
    }
}
