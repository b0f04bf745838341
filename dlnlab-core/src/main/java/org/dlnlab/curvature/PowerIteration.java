package org.dlnlab.curvature;

import org.dlnlab.linalg.Blocks;

import java.util.random.RandomGenerator;

/**
 * The peers' estimator, as in the authors' code: a fixed number of steps v ← Hv/‖Hv‖ from a random start,
 * returning ‖Hv‖, i.e. |λ| of the dominant eigenvalue in magnitude, with no convergence test. We add the
 * certificate it lacks: the residual ‖Hv − θv‖ of the returned pair, from the last product (no extra HVP).
 */
public final class PowerIteration {
    private PowerIteration() {
    }

    public static SpectrumEstimate run(SymmetricOperator h, int iterations, double tol, RandomGenerator rng) {
        if (iterations < 1) {
            throw new IllegalArgumentException("power iteration needs at least one step");
        }
        int n = h.dimension();
        double[] v = Lanczos.gaussian(n, rng);
        Blocks.scale(1.0 / Blocks.norm(v, n), v, n);
        double[] hv = new double[n];
        double theta = 0;
        double residual = Double.NaN;
        int used = 0;
        for (int i = 0; i < iterations; i++) {
            h.apply(v, hv);
            used++;
            theta = Blocks.norm(hv, n);
            if (i == iterations - 1 || !(theta > 0) || !Double.isFinite(theta)) {
                // Only the returned pair needs its residual: one extra pass, not one per step.
                double r = 0;
                for (int j = 0; j < n; j++) {
                    double e = hv[j] - theta * v[j];
                    r += e * e;
                }
                residual = Math.sqrt(r);
                break;
            }
            Blocks.scale(1.0 / theta, hv, n);
            double[] swap = v;
            v = hv;
            hv = swap;
        }
        boolean converged = Double.isFinite(theta) && residual <= tol * Math.abs(theta);
        return new SpectrumEstimate("power", new double[]{theta}, new double[]{residual}, Double.NaN,
                used, converged, v);
    }
}
