package org.dlnlab.experiments.spec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/** The sweep grids of the paper's code (NumPy's linspace and logspace) and the number format of run keys. */
public final class Grids {
    private Grids() {
    }

    /** n points from a to b inclusive, a + i(b − a)/(n − 1), the last one exactly b (numpy.linspace). */
    public static List<Double> linspace(double a, double b, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("linspace needs n ≥ 1, got " + n);
        }
        List<Double> out = new ArrayList<>(n);
        if (n == 1) {
            out.add(a);
            return List.copyOf(out);
        }
        double step = (b - a) / (n - 1);
        for (int i = 0; i < n - 1; i++) {
            out.add(a + i * step);
        }
        out.add(b);
        return List.copyOf(out);
    }

    /** 10^x for x in linspace(a, b, n) (numpy.logspace). */
    public static List<Double> logspace(double a, double b, int n) {
        List<Double> out = new ArrayList<>(n);
        for (double x : linspace(a, b, n)) {
            out.add(Math.pow(10, x));
        }
        return List.copyOf(out);
    }

    /** A grid value as it appears in a run key: 4 significant digits, plain notation (0.3278, 0.01177, 0). */
    public static String key(double x) {
        if (x == 0) {
            return "0";
        }
        return new BigDecimal(x).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** A rep index in a run key, zero-padded to 3 digits so that keys of one sweep sort like the grid. */
    public static String rep(int rep) {
        return String.format(java.util.Locale.ROOT, "%03d", rep);
    }
}
