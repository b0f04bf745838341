package org.dlnlab.model;

/**
 * The standard normal density φ and distribution function Φ, exact to double precision and fast enough for an
 * activation evaluated n·Σd_k times per step: one {@link Math#exp} and one polynomial piece of the Mills ratio
 * R(t) = (1 − Φ(t))/φ(t) ({@link MillsRatioTable}, made by scripts/oracles/mills_ratio.py against mpmath):
 * Φ(x) = φ(x)·R(−x) for x ≤ 0 (no cancellation in the left tail) and 1 − φ(x)·R(x) for x &gt; 0.
 */
final class Normal {
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    /** Beyond it φ underflows: Φ is 0 or 1 and φ is 0. */
    private static final double CUT = 40;

    private Normal() {
    }

    /**
     * φ(x) = e^{−x²/2}/√(2π). x² is rounded by up to x²·2^{−53}, which e^{−x²/2} would turn into a relative error of
     * x²/2 ulps in the tails; the FMA's exact rounding error e of x² gives e^{−(x² + e)/2} = e^{−x²/2}(1 − e/2).
     */
    static double density(double x) {
        if (!(Math.abs(x) < CUT)) {
            return Double.isNaN(x) ? x : 0;
        }
        double xx = x * x;
        double e = Math.fma(x, x, -xx);
        double v = INV_SQRT_2PI * Math.exp(-0.5 * xx);
        return v - 0.5 * e * v;
    }

    /** Φ(x), given φ = {@link #density}(x). */
    static double cdf(double x, double phi) {
        if (!(Math.abs(x) < CUT)) {
            return Double.isNaN(x) ? x : x > 0 ? 1 : 0;
        }
        return x <= 0 ? phi * millsRatio(-x) : 1 - phi * millsRatio(x);
    }

    static double cdf(double x) {
        return cdf(x, density(x));
    }

    /** R(t) for 0 ≤ t &lt; 40: Horner on the piece that holds t. */
    static double millsRatio(double t) {
        double[] c;
        int base;
        double u;
        int degree;
        if (t < 8) {
            int piece = (int) (t * (1 / MillsRatioTable.WIDTH));
            c = MillsRatioTable.PIECES;
            degree = MillsRatioTable.DEGREE;
            base = piece * (degree + 1);
            u = (t - (piece + 0.5) * MillsRatioTable.WIDTH) * (2 / MillsRatioTable.WIDTH);
        } else {
            c = MillsRatioTable.TAIL;
            degree = c.length - 1;
            base = 0;
            u = (1 / t - MillsRatioTable.TAIL_CENTRE) / MillsRatioTable.TAIL_HALF_WIDTH;
        }
        double s = c[base + degree];
        for (int j = degree - 1; j >= 0; j--) {
            s = Math.fma(s, u, c[base + j]);
        }
        return s;
    }
}
