package org.dlnlab.curvature;

import org.dlnlab.kernels.Blocks;
import org.dlnlab.kernels.Kernels;

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
        double[] hv = new double[n];
        // v is kept unnormalized (H is linear, so only its direction matters): θ = ‖Hv‖/‖v‖ without a scaling
        // pass per step; it is rescaled only when its norm leaves [1e-100, 1e100].
        double vNorm = Kernels.norm(v, n);
        double theta = 0;
        double residual = Double.NaN;
        int used = 0;
        for (int i = 0; i < iterations; i++) {
            h.apply(v, hv);
            used++;
            double hvNorm = Kernels.norm(hv, n);
            theta = hvNorm / vNorm;
            if (i == iterations - 1 || !(theta > 0) || !Double.isFinite(theta)) {
                // Only the returned pair needs its residual: one extra pass, not one per step.
                double r = 0;
                for (int j = 0; j < n; j++) {
                    double e = hv[j] - theta * v[j];
                    r += e * e;
                }
                residual = Math.sqrt(r) / vNorm;
                break;
            }
            if (!(hvNorm >= 1e-100 && hvNorm <= 1e100)) {
                Blocks.scale(1.0 / hvNorm, hv, n);
                hvNorm = 1;
            }
            double[] swap = v;
            v = hv;
            hv = swap;
            vNorm = hvNorm;
        }
        Blocks.scale(1.0 / vNorm, v, n);
        boolean converged = Double.isFinite(theta) && residual <= tol * Math.abs(theta);
        return new SpectrumEstimate("power", new double[]{theta}, new double[]{residual}, Double.NaN,
                used, converged, new double[][]{v});
    }
}
