package org.dlnlab.curvature;

import org.dlnlab.kernels.Blocks;
import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The spectral density φ(t) = (1/N) Σ_i δ(t − λ_i) of a Hessian by stochastic Lanczos quadrature
 * (docs/formulas.md §3): for a unit probe v, m Lanczos steps give T_m = QᵀHQ with eigenpairs (θ_i, s_i), and
 * Σ_i τ_i f(θ_i), τ_i = s_{1,i}², is the m-node Gauss quadrature of vᵀf(H)v, exact for polynomials of degree ≤ 2m − 1.
 * Over isotropic unit probes E vvᵀ = I/N, so the mean of the quadratures estimates ∫f dφ = tr f(H)/N.
 * <p>
 * Where the Hessian offers its range S ({@link Hessian#range()}) the probes are isotropic in S: H vanishes on S's
 * complement, so φ is (dim S/N) times the density on S plus the mass (N − dim S)/N at 0.
 *
 * @param probes    one quadrature per probe
 * @param rangeMass dim S/N, the share of the spectrum the quadratures describe (1 when they ran on R^N)
 */
public record SpectralDensity(List<Probe> probes, double rangeMass) {
    /**
     * One probe's Gauss quadrature.
     *
     * @param start   the unit probe v, in parameter coordinates
     * @param nodes   the Ritz values θ_i, ascending
     * @param weights τ_i, summing to 1
     */
    public record Probe(double[] start, double[] nodes, double[] weights) {
        /** Σ_i τ_i θ_i^j, the quadrature's vᵀH^jv. */
        public double moment(int j) {
            double s = 0;
            for (int i = 0; i < nodes.length; i++) {
                s += weights[i] * Math.pow(nodes[i], j);
            }
            return s;
        }
    }

    /**
     * @param probes how many probes
     * @param steps  Lanczos steps per probe (nodes of each quadrature)
     */
    public static SpectralDensity estimate(Hessian h, int probes, int steps, RandomGenerator rng) {
        if (probes < 1 || steps < 1) {
            throw new IllegalArgumentException("SLQ needs at least one probe and one step, got " + probes + " and "
                    + steps);
        }
        int n = h.dimension();
        RangeRestriction range = h.range();
        SymmetricOperator op = range != null ? range : h;
        int m = op.dimension();
        List<Probe> out = new ArrayList<>();
        for (int p = 0; p < probes; p++) {
            double[] v = Lanczos.gaussian(m, rng);
            if (range != null) {
                range.constrain(v);
            }
            Blocks.scale(1 / Blocks.norm(v, m), v, m);
            double[][] t = Lanczos.tridiagonal(op, v, steps);
            double[] start = v;
            if (range != null) {
                start = new double[n];
                range.expand(v, start);
            }
            out.add(quadrature(start, t[0], t[1]));
        }
        return new SpectralDensity(out, range != null ? (double) range.subspaceDimension() / n : 1);
    }

    /** Nodes θ_i and weights τ_i = s_{1,i}² from the eigendecomposition of the tridiagonal (α, β). */
    private static Probe quadrature(double[] start, double[] alpha, double[] beta) {
        int m = alpha.length;
        DMatrixRMaj t = new DMatrixRMaj(m, m);
        for (int i = 0; i < m; i++) {
            t.set(i, i, alpha[i]);
            if (i + 1 < m) {
                t.set(i, i + 1, beta[i]);
                t.set(i + 1, i, beta[i]);
            }
        }
        SymmetricEigen eig = SymmetricEigen.of(t, m, "the Lanczos tridiagonal");
        // Nodes in ascending order.
        double[] nodes = new double[m];
        double[] weights = new double[m];
        for (int i = 0; i < m; i++) {
            nodes[i] = eig.values()[m - 1 - i];
            double[] s = eig.vectors()[m - 1 - i];
            weights[i] = s[0] * s[0] / Blocks.dot(s, s, m);
        }
        return new Probe(start, nodes, weights);
    }

    /** The estimate of tr(H^j)/N: the mean over probes of (dim S/N)·vᵀH^jv, plus the mass at 0 for j = 0. */
    public double moment(int j) {
        double s = 0;
        for (Probe p : probes) {
            s += sample(p, j);
        }
        return s / probes.size();
    }

    /** The standard error of {@link #moment}: the probes' standard deviation over √probes (NaN for one probe). */
    public double momentStandardError(int j) {
        int count = probes.size();
        double mean = moment(j);
        double s = 0;
        for (Probe p : probes) {
            s += Math.pow(sample(p, j) - mean, 2);
        }
        return count < 2 ? Double.NaN : Math.sqrt(s / (count - 1) / count);
    }

    private double sample(Probe p, int j) {
        return rangeMass * p.moment(j) + (j == 0 ? 1 - rangeMass : 0);
    }

    /** [lo, hi]: the smallest interval that holds every node and 0 (where the complement's mass lies). */
    public double[] support() {
        double lo = 0;
        double hi = 0;
        for (Probe p : probes) {
            lo = Math.min(lo, p.nodes()[0]);
            hi = Math.max(hi, p.nodes()[p.nodes().length - 1]);
        }
        return new double[]{lo, hi};
    }

    /**
     * φ smoothed by a Gaussian kernel of standard deviation {@code bandwidth} at the points t: the mean over probes of
     * Σ_i τ_i g(t − θ_i), scaled by dim S/N, plus (1 − dim S/N) g(t). Integrates to 1.
     */
    public double[] density(double[] t, double bandwidth) {
        double[] phi = new double[t.length];
        for (int k = 0; k < t.length; k++) {
            double s = 0;
            for (Probe p : probes) {
                for (int i = 0; i < p.nodes().length; i++) {
                    s += p.weights()[i] * kernel(t[k] - p.nodes()[i], bandwidth);
                }
            }
            phi[k] = rangeMass * s / probes.size() + (1 - rangeMass) * kernel(t[k], bandwidth);
        }
        return phi;
    }

    private static double kernel(double x, double sigma) {
        return Math.exp(-0.5 * (x / sigma) * (x / sigma)) / (sigma * Math.sqrt(2 * Math.PI));
    }
}
