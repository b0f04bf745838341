package org.dlnlab.curvature;

/**
 * The largest eigenvalues of a symmetric tridiagonal matrix T (such as the Lanczos projection) by Laguerre's method
 * on its characteristic polynomial p: for a polynomial whose roots are all real, Laguerre's iterates from the right
 * of the largest root decrease monotonically to it, cubically near a simple root. p′/p and p″/p come from the pivots
 * of the LDLᵀ factorization of T − xI, one division per row, so an iteration is O(m), against O(m²) for all
 * eigenvalues by the implicit QR algorithm that a Lanczos convergence check would otherwise run at every step.
 * Every method returns NaN when its iteration does not settle; the caller then falls back to a dense method.
 */
final class TridiagonalLargest {
    private static final int MAX_ITERATIONS = 100;
    private static final int MAX_HALVINGS = 60;

    private TridiagonalLargest() {
    }

    /**
     * θ_1, from just above Gershgorin's upper bound (so that no pivot of T − xI vanishes at the start).
     *
     * @param diag the diagonal (m entries)
     * @param off  the off-diagonal (m − 1 entries; zeros allowed)
     */
    static double of(double[] diag, double[] off, int m) {
        double hi = Double.NEGATIVE_INFINITY;
        double scale = 0;
        for (int i = 0; i < m; i++) {
            double r = radius(off, m, i);
            hi = Math.max(hi, diag[i] + r);
            scale = Math.max(scale, Math.abs(diag[i]) + r);
        }
        if (m == 1 || scale == 0) {
            return m == 1 ? diag[0] : 0.0;
        }
        return descend(diag, off, m, hi + 0x1p-20 * scale, Double.NaN, scale);
    }

    /**
     * θ_2 given θ_1: Laguerre on p(x)/(x − θ_1), whose largest root is θ_2, from a start with exactly one eigenvalue
     * above it (found by halving its distance to θ_1, by Sturm counts), which keeps that distance of the order of
     * the gap θ_1 − θ_2 and so the deflation well conditioned.
     */
    static double second(double[] diag, double[] off, int m, double largest) {
        if (m < 2) {
            return Double.NaN;
        }
        double lo = Double.POSITIVE_INFINITY;
        double scale = 0;
        for (int i = 0; i < m; i++) {
            double r = radius(off, m, i);
            lo = Math.min(lo, diag[i] - r);
            scale = Math.max(scale, Math.abs(diag[i]) + r);
        }
        double d = (largest - lo) / 2;
        for (int h = 0; h < MAX_HALVINGS && d > 0; h++, d /= 2) {
            double x = largest - d;
            if (countAbove(diag, off, m, x) == 1) {
                return descend(diag, off, m, x, largest, scale);
            }
        }
        return Double.NaN;
    }

    /**
     * ‖T‖ = max(|θ_max|, |θ_min|) given θ_max: the smallest eigenvalue (the largest of −T) is computed only when
     * Gershgorin's lower bound leaves room for |θ_min| &gt; |θ_max|.
     */
    static double norm(double[] diag, double[] off, int m, double largest) {
        double lo = Double.POSITIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            lo = Math.min(lo, diag[i] - radius(off, m, i));
        }
        if (lo >= -Math.abs(largest)) {
            return Math.abs(largest);
        }
        double[] negated = new double[m];
        for (int i = 0; i < m; i++) {
            negated[i] = -diag[i];
        }
        return Math.max(Math.abs(largest), Math.abs(of(negated, off, m)));
    }

    private static double radius(double[] off, int m, int i) {
        return (i > 0 ? Math.abs(off[i - 1]) : 0) + (i < m - 1 ? Math.abs(off[i]) : 0);
    }

    /** Number of eigenvalues above x: m less the negative pivots of T − xI (Sylvester's law of inertia). */
    private static int countAbove(double[] diag, double[] off, int m, double x) {
        int below = 0;
        double q = 1;
        for (int i = 0; i < m; i++) {
            q = diag[i] - x - (i > 0 ? off[i - 1] * off[i - 1] / q : 0);
            if (q == 0) {
                q = -Double.MIN_NORMAL;
            }
            if (q < 0) {
                below++;
            }
        }
        return m - below;
    }

    /**
     * Laguerre's iterates from x, right of every root of p(x), or of p(x)/(x − deflated) when deflated is not NaN,
     * down to the largest of those roots.
     */
    private static double descend(double[] diag, double[] off, int m, double x, double deflated, double scale) {
        int n = Double.isNaN(deflated) ? m : m - 1;
        double tiny = 4 * Math.ulp(scale);
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            // Pivots q_i of T − xI and their x-derivatives: q_i = d_i − x − e²/q_{i−1}; G = p′/p = Σ q_i′/q_i,
            // H = G² − p″/p = Σ (q_i′/q_i)² − q_i″/q_i.
            double q = diag[0] - x;
            double dq = -1;
            double ddq = 0;
            if (q == 0) {
                return x;
            }
            double r = 1 / q;
            double g = dq * r;
            double h = g * g;
            for (int i = 1; i < m; i++) {
                double e2 = off[i - 1] * off[i - 1];
                double dr = dq * r;
                double nq = diag[i] - x - e2 * r;
                double nddq = e2 * r * (ddq * r - 2 * dr * dr);
                dq = -1 + e2 * dr * r;
                ddq = nddq;
                q = nq;
                if (q == 0) {
                    return x;
                }
                r = 1 / q;
                double f = dq * r;
                g += f;
                h += f * f - ddq * r;
            }
            if (!Double.isNaN(deflated)) {
                double t = 1 / (x - deflated);
                g -= t;
                h -= t * t;
            }
            double disc = Math.sqrt(Math.max(0, (n - 1) * (n * h - g * g)));
            // The root's sign as G's (the larger denominator); G < 0 only once rounding has crossed the root.
            double step = n / (g >= 0 ? g + disc : g - disc);
            if (Double.isNaN(step)) {
                return Double.NaN;
            }
            if (!(step > 0)) {
                // At the root to rounding (the iterates only cross it by rounding errors).
                return x;
            }
            double next = x - step;
            if (step <= tiny || !(next < x)) {
                return next;
            }
            x = next;
        }
        return Double.NaN;
    }
}
