package org.dlnlab.curvature;

import org.dlnlab.kernels.Blocks;

/**
 * The unit eigenvector of a symmetric tridiagonal matrix (such as the Lanczos projection) for a computed eigenvalue θ,
 * by inverse iteration: (T − θI)x = x_prev solved three times by Gaussian elimination with partial pivoting (as
 * LAPACK's dgttrf/dgtts2), from a fixed start with a component along every eigenvector of an unreduced T. Pivots
 * below ε‖T‖ are raised to it, so the nearly singular system yields a large vector along the wanted eigenvector
 * instead of overflowing. O(m), against O(m³) for a dense eigendecomposition.
 */
final class TridiagonalEigenvector {
    private static final int ITERATIONS = 3;

    private TridiagonalEigenvector() {
    }

    /**
     * @param diag the diagonal (m entries); not modified
     * @param off  the off-diagonal (m − 1 entries); not modified
     * @param norm a bound on ‖T‖ (e.g. the largest |eigenvalue|), which sets the smallest pivot
     */
    static double[] of(double[] diag, double[] off, int m, double theta, double norm) {
        double[] x = new double[m];
        if (m == 1) {
            x[0] = 1;
            return x;
        }
        double tiny = Math.max(Math.ulp(norm), Double.MIN_NORMAL);
        // LU of T − θI: l (multipliers), d (diagonal of U), u1 and u2 (its two superdiagonals), swapped rows.
        double[] l = new double[m - 1];
        double[] d = new double[m];
        double[] u1 = new double[m - 1];
        double[] u2 = new double[Math.max(1, m - 2)];
        boolean[] swapped = new boolean[m - 1];
        for (int i = 0; i < m; i++) {
            d[i] = diag[i] - theta;
        }
        System.arraycopy(off, 0, u1, 0, m - 1);
        for (int i = 0; i < m - 1; i++) {
            double sub = off[i];
            if (Math.abs(d[i]) >= Math.abs(sub)) {
                if (Math.abs(d[i]) < tiny) {
                    d[i] = d[i] < 0 ? -tiny : tiny;
                }
                double f = sub / d[i];
                l[i] = f;
                d[i + 1] -= f * u1[i];
            } else {
                double f = d[i] / sub;
                d[i] = sub;
                l[i] = f;
                double t = u1[i];
                u1[i] = d[i + 1];
                d[i + 1] = t - f * d[i + 1];
                if (i < m - 2) {
                    u2[i] = u1[i + 1];
                    u1[i + 1] = -f * u1[i + 1];
                }
                swapped[i] = true;
            }
        }
        if (Math.abs(d[m - 1]) < tiny) {
            d[m - 1] = d[m - 1] < 0 ? -tiny : tiny;
        }
        for (int i = 0; i < m; i++) {
            x[i] = 1 + 0.5 * Math.sin(i + 1.0);
        }
        for (int it = 0; it < ITERATIONS; it++) {
            for (int i = 0; i < m - 1; i++) {
                if (swapped[i]) {
                    double t = x[i] - l[i] * x[i + 1];
                    x[i] = x[i + 1];
                    x[i + 1] = t;
                } else {
                    x[i + 1] -= l[i] * x[i];
                }
            }
            x[m - 1] /= d[m - 1];
            x[m - 2] = (x[m - 2] - u1[m - 2] * x[m - 1]) / d[m - 2];
            for (int i = m - 3; i >= 0; i--) {
                x[i] = (x[i] - u1[i] * x[i + 1] - u2[i] * x[i + 2]) / d[i];
            }
            Blocks.scale(1 / Blocks.norm(x, m), x, m);
        }
        return x;
    }
}
