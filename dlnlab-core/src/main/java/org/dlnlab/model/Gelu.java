package org.dlnlab.model;

/**
 * The exact GELU σ(x) = xΦ(x) and σ′(x) = Φ(x) + xφ(x), fast on whole layers (docs/formulas.md §5). On the central
 * range |x| &lt; {@link GeluCentral#CUT} each is a branch-free polynomial in x² ({@link GeluCentral}: no exp, no
 * table), so a loop over a layer's entries is straight-line fused multiply–adds that C2 compiles to SIMD
 * instructions; entries outside it (and NaN) take the Mills-ratio path of {@link Normal}. The scalar methods and the
 * batched one compute every entry by the same operations in the same order, so they agree bit for bit whether or
 * not the JIT vectorizes the loop.
 */
public final class Gelu {
    /** The polynomials' range: |x| below it. */
    public static final double CENTRAL_RANGE = GeluCentral.CUT;

    private Gelu() {
    }

    /** Whether x takes the polynomials; false for NaN. */
    private static boolean central(double x) {
        return Math.abs(x) < CENTRAL_RANGE;
    }

    /** σ(x) = x·Φ(x) with Φ(x) = 1/2 + x·A(x²) on the central range. */
    static double value(double x) {
        return central(x) ? x * Math.fma(x, GeluCentral.a(x * x), 0.5) : x * Normal.cdf(x);
    }

    /** σ′(x) = Φ(x) + xφ(x) = 1/2 + x·C(x²) on the central range. */
    static double derivative(double x) {
        if (central(x)) {
            return Math.fma(x, GeluCentral.c(x * x), 0.5);
        }
        double phi = Normal.density(x);
        return Math.fma(x, phi, Normal.cdf(x, phi));
    }

    /**
     * σ and σ′ of z[from..to) into value and slope: first every entry by the polynomials (no branch, so the loop
     * vectorizes), then the few outside the central range again by the exact path.
     */
    static void valuesAndSlopes(double[] z, int from, int to, double[] value, double[] slope) {
        for (int i = from; i < to; i++) {
            double x = z[i];
            double u = x * x;
            value[i] = x * Math.fma(x, GeluCentral.a(u), 0.5);
            slope[i] = Math.fma(x, GeluCentral.c(u), 0.5);
        }
        for (int i = from; i < to; i++) {
            double x = z[i];
            if (!central(x)) {
                // value(x) and derivative(x) to the bit, with one φ for both.
                double phi = Normal.density(x);
                double cdf = Normal.cdf(x, phi);
                value[i] = x * cdf;
                slope[i] = Math.fma(x, phi, cdf);
            }
        }
    }
}
