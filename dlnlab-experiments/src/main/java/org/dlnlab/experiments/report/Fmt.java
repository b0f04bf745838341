package org.dlnlab.experiments.report;

import org.dlnlab.experiments.spec.Grids;

import java.util.Locale;

/** Numbers in report text. */
public final class Fmt {
    private Fmt() {
    }

    /** 4 significant digits, scientific notation for very small or large magnitudes; "–" for NaN. */
    public static String g(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            return Grids.key(v);
        }
        // 1.000e-16 → 1e-16, 6.659e-05 → 6.659e-5
        String[] parts = String.format(Locale.ROOT, "%.3e", v).split("e");
        String mantissa = parts[0].replaceAll("\\.?0+$", "");
        return mantissa + "e" + Integer.parseInt(parts[1]);
    }

    /** A share as a percentage with one decimal. */
    public static String pct(double share) {
        return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    /** "p = 0.0412", "p = 3.5e-7", or "p < 1e-300" where the tail probability underflows. */
    public static String pEq(double pValue) {
        return pValue == 0 ? "p < 1e-300" : "p = " + p(pValue);
    }

    static String p(double pValue) {
        if (Double.isNaN(pValue)) {
            return "–";
        }
        return pValue < 1e-4 ? String.format(Locale.ROOT, "%.1e", pValue).replace("e-0", "e-")
                : String.format(Locale.ROOT, "%.4f", pValue);
    }
}
