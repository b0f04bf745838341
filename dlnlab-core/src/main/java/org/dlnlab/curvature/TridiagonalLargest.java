package org.dlnlab.curvature;

/**
 * The largest eigenvalue of a symmetric tridiagonal matrix (such as the Lanczos projection) by Laguerre's method on
 * its characteristic polynomial p, started above Gershgorin's bound: for a polynomial whose roots are all real,
 * Laguerre's iterates from the right of the largest root decrease monotonically to it, cubically near a simple root.
 * p′/p and p″/p come from the pivots of the LDLᵀ factorization of T − xI (all negative above the largest root), one
 * division per row; so an iteration is O(m), against O(m²) for all eigenvalues by the implicit QR algorithm that a
 * Lanczos convergence check would otherwise run at every step.
 */
final class TridiagonalLargest {
    private static final int MAX_ITERATIONS = 100;

    private TridiagonalLargest() {
    }

    /**
     * @param diag the diagonal (m entries)
     * @param off  the off-diagonal (m − 1 entries; zeros allowed)
     * @return the largest eigenvalue, or NaN when the iteration does not settle (the caller then falls back to a
     *         dense method)
     */
    static double of(double[] diag, double[] off, int m) {
        double hi = Double.NEGATIVE_INFINITY;
        double scale = 0;
        for (int i = 0; i < m; i++) {
            double r = (i > 0 ? Math.abs(off[i - 1]) : 0) + (i < m - 1 ? Math.abs(off[i]) : 0);
            hi = Math.max(hi, diag[i] + r);
            scale = Math.max(scale, Math.abs(diag[i]) + r);
        }
        if (m == 1 || scale == 0) {
            return m == 1 ? diag[0] : 0.0;
        }
        // Strictly above every eigenvalue, so that no pivot of T − xI vanishes at the start.
        double x = hi + 0x1p-20 * scale;
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
            double disc = Math.sqrt(Math.max(0, (m - 1) * (m * h - g * g)));
            // The root's sign as G's (the larger denominator); G < 0 only once rounding has crossed the root.
            double step = m / (g >= 0 ? g + disc : g - disc);
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

    /**
     * ‖T‖ = max(|θ_max|, |θ_min|) given θ_max: the smallest eigenvalue (the largest of −T) is computed only when
     * Gershgorin's lower bound leaves room for |θ_min| &gt; |θ_max|. NaN when that iteration does not settle.
     */
    static double norm(double[] diag, double[] off, int m, double largest) {
        double lo = Double.POSITIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            double r = (i > 0 ? Math.abs(off[i - 1]) : 0) + (i < m - 1 ? Math.abs(off[i]) : 0);
            lo = Math.min(lo, diag[i] - r);
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
}
