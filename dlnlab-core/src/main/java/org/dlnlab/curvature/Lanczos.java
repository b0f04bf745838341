package org.dlnlab.curvature;

import org.dlnlab.linalg.Blocks;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Top-k algebraic eigenvalues of a symmetric operator by Lanczos with full reorthogonalization.
 * <p>
 * Stops when every one of the k largest Ritz values θ_i has residual |β_m s_{m,i}| ≤ tol · max(|θ_i|, ‖T_m‖)
 * (with full reorthogonalization this equals ‖Hy_i − θ_i y_i‖ to round-off). On an invariant subspace
 * (β ≈ 0, common at minimizers where the Hessian has low rank) it continues from a fresh random direction
 * orthogonal to the basis, so k may exceed the subspace found so far. Deterministic for a given start and
 * random generator.
 */
public final class Lanczos {
    /** Check convergence every iteration while the tridiagonal is small, then every few (its eig is O(m³)). */
    private static final int DENSE_CHECKS_UP_TO = 48;
    private static final int CHECK_EVERY = 4;

    private Lanczos() {
    }

    /**
     * @param start   starting vector (any nonzero vector; null for a random one)
     * @param maxIter most Lanczos steps (capped at the dimension), each one operator application
     */
    public static SpectrumEstimate top(SymmetricOperator h, int k, double tol, int maxIter, double[] start,
                                       RandomGenerator rng) {
        int n = h.dimension();
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in 1.." + n + ", got " + k);
        }
        int limit = Math.min(Math.max(maxIter, k), n);
        List<double[]> basis = new ArrayList<>();
        double[] alpha = new double[limit];
        double[] beta = new double[limit];
        double[] q = start != null ? start.clone() : gaussian(n, rng);
        if (!normalize(q)) {
            q = gaussian(n, rng);
            normalize(q);
        }
        basis.add(q);
        Ritz ritz = null;
        int hvps = 0;
        boolean converged = false;
        for (int j = 0; j < limit; j++) {
            double[] qj = basis.get(j);
            double[] w = new double[n];
            h.apply(qj, w);
            hvps++;
            alpha[j] = Blocks.dot(qj, w, n);
            // Classical Gram–Schmidt against the whole basis, twice ("twice is enough"), replaces the
            // three-term recurrence's subtraction and keeps the basis orthogonal to working precision.
            orthogonalize(w, basis);
            orthogonalize(w, basis);
            beta[j] = Blocks.norm(w, n);
            int m = j + 1;
            boolean last = m == limit;
            double scale = Math.max(Math.abs(alpha[j]), ritz == null ? 0 : ritz.norm);
            boolean breakdown = beta[j] <= 1e-12 * Math.max(scale, Double.MIN_NORMAL);
            if (m >= k && (m <= DENSE_CHECKS_UP_TO || m % CHECK_EVERY == 0 || last || breakdown)) {
                ritz = Ritz.of(alpha, beta, m);
                converged = ritz.converged(k, beta[j], tol) || m == n;
                if (converged || last) {
                    return ritz.estimate(k, beta[j], basis, hvps, converged, n);
                }
            }
            if (breakdown) {
                // Invariant subspace found: its Ritz values are exact; go on in its orthogonal complement.
                beta[j] = 0;
                w = gaussian(n, rng);
                orthogonalize(w, basis);
                orthogonalize(w, basis);
                if (!normalize(w)) {
                    ritz = Ritz.of(alpha, beta, m);
                    return ritz.estimate(k, 0, basis, hvps, true, n);
                }
                basis.add(w);
            } else {
                Blocks.scale(1.0 / beta[j], w, n);
                basis.add(w);
            }
        }
        throw new AssertionError("unreachable: the loop returns at its last step");
    }

    /** Eigenpairs of the m×m tridiagonal T, in descending order of eigenvalue. */
    private record Ritz(double[] values, double[][] vectors, int m, double norm) {
        static Ritz of(double[] alpha, double[] beta, int m) {
            DMatrixRMaj t = new DMatrixRMaj(m, m);
            for (int i = 0; i < m; i++) {
                t.set(i, i, alpha[i]);
                if (i + 1 < m) {
                    t.set(i, i + 1, beta[i]);
                    t.set(i + 1, i, beta[i]);
                }
            }
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, true, true);
            if (!eig.decompose(t)) {
                throw new IllegalStateException("eigendecomposition of the Lanczos tridiagonal failed");
            }
            Integer[] order = new Integer[m];
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(eig.getEigenvalue(b).real, eig.getEigenvalue(a).real));
            double[] values = new double[m];
            double[][] vectors = new double[m][];
            double norm = 0;
            for (int i = 0; i < m; i++) {
                values[i] = eig.getEigenvalue(order[i]).real;
                vectors[i] = eig.getEigenVector(order[i]).data.clone();
                norm = Math.max(norm, Math.abs(values[i]));
            }
            return new Ritz(values, vectors, m, norm);
        }

        double residual(int i, double betaLast) {
            return Math.abs(betaLast * vectors[i][m - 1]);
        }

        boolean converged(int k, double betaLast, double tol) {
            for (int i = 0; i < k; i++) {
                if (residual(i, betaLast) > tol * Math.max(Math.abs(values[i]), norm)) {
                    return false;
                }
            }
            return true;
        }

        SpectrumEstimate estimate(int k, double betaLast, List<double[]> basis, int hvps, boolean converged,
                                  int n) {
            int count = Math.min(k, m);
            double[] res = new double[count];
            for (int i = 0; i < count; i++) {
                res[i] = residual(i, betaLast);
            }
            double[] y = new double[n];
            for (int j = 0; j < m; j++) {
                Blocks.axpy(vectors[0][j], basis.get(j), y, n);
            }
            normalize(y);
            double gap = m > 1 ? values[0] - values[1] : Double.NaN;
            return new SpectrumEstimate("lanczos", Arrays.copyOf(values, count), res, gap, hvps, converged, y);
        }
    }

    private static void orthogonalize(double[] w, List<double[]> basis) {
        int n = w.length;
        for (double[] q : basis) {
            double c = Blocks.dot(q, w, n);
            Blocks.axpy(-c, q, w, n);
        }
    }

    private static boolean normalize(double[] v) {
        double norm = Blocks.norm(v, v.length);
        if (!(norm > 0) || !Double.isFinite(norm)) {
            return false;
        }
        Blocks.scale(1.0 / norm, v, v.length);
        return true;
    }

    static double[] gaussian(int n, RandomGenerator rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }
}
