package org.dlnlab.curvature;

import org.dlnlab.kernels.Blocks;

import java.util.random.RandomGenerator;

/**
 * tr H with its standard error: exact (error 0, no probes) where a closed form exists, else Hutchinson's estimate.
 *
 * @param probes Hutchinson's probes; 0 for an exact trace
 */
public record TraceEstimate(String method, double value, double standardError, int probes) {
    /** Probes of the Hutchinson estimate unless told otherwise. */
    public static final int DEFAULT_PROBES = 100;

    public static TraceEstimate exact(double value) {
        return new TraceEstimate("exact", value, 0, 0);
    }

    /**
     * Hutchinson's estimate: the mean of zᵀHz over Rademacher z (E zzᵀ = I, so E zᵀHz = tr H, with the least variance
     * of such probes), and the standard error of that mean.
     */
    public static TraceEstimate hutchinson(SymmetricOperator h, int probes, RandomGenerator rng) {
        if (probes < 2) {
            throw new IllegalArgumentException("Hutchinson's standard error needs at least 2 probes, got " + probes);
        }
        int n = h.dimension();
        double[] z = new double[n];
        double[] hz = new double[n];
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < probes; i++) {
            for (int j = 0; j < n; j++) {
                z[j] = rng.nextBoolean() ? 1 : -1;
            }
            h.apply(z, hz);
            double x = Blocks.dot(z, hz, n);
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / probes;
        double variance = Math.max(0, (sumSq - probes * mean * mean) / (probes - 1));
        return new TraceEstimate("hutchinson", mean, Math.sqrt(variance / probes), probes);
    }
}
