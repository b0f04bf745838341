package org.dlnlab.curvature;

import org.dlnlab.kernels.Blocks;
import org.dlnlab.kernels.Kernels;
import org.dlnlab.kernels.MemoryBudget;
import org.dlnlab.kernels.Parallel;
import org.ejml.data.DMatrixRMaj;

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
 * <p>
 * Memory: the basis holds at most {@link MemoryBudget#lanczosBasisVectors} vectors (all of them unless they would
 * exceed {@link MemoryBudget#LANCZOS_BASIS_BYTES}); when it is full the method restarts thickly (Wu &amp; Simon): it
 * keeps its best Ritz vectors, computed in place, and the projected matrix becomes diagonal with an arrowhead
 * coupling β_m s_{m,i} to the next Lanczos vector. Dimensions from {@value #LARGE} on orthogonalize by classical
 * Gram–Schmidt twice over blocks of coordinates (each basis vector read once per sweep, blocks on several cores,
 * partial sums added in block order, so bitwise the same for any thread count); smaller ones by modified
 * Gram–Schmidt twice.
 */
public final class Lanczos {
    /** Check convergence every iteration while the tridiagonal is small, then every few (its eig is O(m³)). */
    private static final int DENSE_CHECKS_UP_TO = 48;
    private static final int CHECK_EVERY = 4;
    /** Dimensions from here on use the blocked classical Gram–Schmidt sweeps. */
    static final int LARGE = 1 << 20;
    /** Coordinates per block of the blocked sweeps. */
    static final int CHUNK = 1 << 14;

    private Lanczos() {
    }

    /**
     * @param start   starting vector (any nonzero vector; null for a random one)
     * @param maxIter most Lanczos steps (capped at the dimension), each one operator application
     */
    public static SpectrumEstimate top(SymmetricOperator h, int k, double tol, int maxIter, double[] start,
                                       RandomGenerator rng) {
        int n = h.dimension();
        int limit = Math.min(Math.max(maxIter, k), n);
        return top(h, k, tol, maxIter, start, rng, MemoryBudget.lanczosBasisVectors(n, k, limit));
    }

    /**
     * As {@link #top(SymmetricOperator, int, double, int, double[], RandomGenerator)} with at most maxBasis basis
     * vectors held at once (≥ k + 2): thick restarts beyond that.
     */
    public static SpectrumEstimate top(SymmetricOperator h, int k, double tol, int maxIter, double[] start,
                                       RandomGenerator rng, int maxBasis) {
        int n = h.dimension();
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in 1.." + n + ", got " + k);
        }
        int limit = Math.min(Math.max(maxIter, k), n);
        if (maxBasis < Math.min(limit, k + 2)) {
            throw new IllegalArgumentException("the basis must hold at least k + 2 = " + (k + 2) + " vectors, got "
                    + maxBasis);
        }
        int cap = Math.min(maxBasis, limit);
        Vectors ops = n >= LARGE ? new Blocked(n) : new Plain(n);
        List<double[]> basis = new ArrayList<>();
        List<double[]> spare = new ArrayList<>();
        double[][] t = new double[Math.min(cap, 16)][Math.min(cap, 16)];
        double[] q = start != null ? start.clone() : gaussian(n, rng);
        if (!ops.normalize(q)) {
            q = gaussian(n, rng);
            ops.normalize(q);
        }
        basis.add(q);
        Ritz ritz = null;
        int hvps = 0;
        boolean restarted = false;
        boolean converged;
        while (true) {
            int m = basis.size();
            if (t.length < Math.min(cap, m + 1)) {
                t = grow(t, Math.min(cap, 2 * t.length));
            }
            double[] qj = basis.get(m - 1);
            double[] w = spare.isEmpty() ? new double[n] : spare.remove(spare.size() - 1);
            h.apply(qj, w);
            hvps++;
            double alpha = ops.dot(qj, w);
            t[m - 1][m - 1] = alpha;
            // Gram–Schmidt against the whole basis, twice ("twice is enough"), replaces the three-term
            // recurrence's subtraction and keeps the basis orthogonal to working precision.
            ops.orthogonalize(w, basis);
            ops.orthogonalize(w, basis);
            double beta = ops.norm(w);
            boolean last = hvps == limit;
            boolean full = m == cap;
            double scale = Math.max(Math.abs(alpha), ritz == null ? 0 : ritz.norm);
            boolean breakdown = beta <= 1e-12 * Math.max(scale, Double.MIN_NORMAL);
            if (m >= k && (m <= DENSE_CHECKS_UP_TO || m % CHECK_EVERY == 0 || last || breakdown || full
                    || restarted)) {
                // A thick restart needs the kept Ritz vectors; otherwise one top vector suffices.
                ritz = Ritz.of(t, m, k == 1 && !restarted && !full);
                converged = ritz.converged(k, beta, tol) || (m == n && !restarted);
                if (converged || last) {
                    return ritz.estimate(k, beta, basis, hvps, converged, n, ops, t);
                }
            }
            if (breakdown) {
                // Invariant subspace found: its Ritz values are exact; go on in its orthogonal complement.
                beta = 0;
                double[] fresh = gaussian(n, rng);
                ops.orthogonalize(fresh, basis);
                ops.orthogonalize(fresh, basis);
                if (!ops.normalize(fresh)) {
                    ritz = Ritz.of(t, m, k == 1 && !restarted);
                    return ritz.estimate(k, 0, basis, hvps, true, n, ops, t);
                }
                spare.add(w);
                w = fresh;
            } else {
                ops.scale(1.0 / beta, w);
            }
            if (!full) {
                t[m - 1][m] = beta;
                t[m][m - 1] = beta;
                basis.add(w);
                continue;
            }
            // Thick restart: keep the best Ritz vectors y_i = Q s_i, then w; T = diag(θ) with arrowhead β s_{m,i}.
            int keep = Math.max(k, Math.min(cap - 2, k + (cap - k) / 2));
            ops.ritzVectorsInPlace(basis, ritz, keep);
            while (basis.size() > keep) {
                spare.add(basis.remove(basis.size() - 1));
            }
            for (double[] row : t) {
                Arrays.fill(row, 0.0);
            }
            for (int i = 0; i < keep; i++) {
                t[i][i] = ritz.values[i];
                double c = beta * ritz.vectors[i][m - 1];
                t[i][keep] = c;
                t[keep][i] = c;
            }
            basis.add(w);
            restarted = true;
        }
    }

    /**
     * The tridiagonal T = QᵀHQ of up to {@code steps} Lanczos steps from a unit vector (fully reorthogonalized, no
     * restarts, no convergence test), as {diagonal α, off-diagonal β}: the Gauss quadrature of {@link SpectralDensity}.
     * It stops early when the Krylov space becomes invariant (β ≈ 0); T then holds H's spectrum on that space exactly.
     */
    static double[][] tridiagonal(SymmetricOperator h, double[] start, int steps) {
        int n = h.dimension();
        Vectors ops = n >= LARGE ? new Blocked(n) : new Plain(n);
        List<double[]> basis = new ArrayList<>();
        basis.add(start.clone());
        double[] alpha = new double[steps];
        double[] beta = new double[steps];
        int m = 0;
        while (m < Math.min(steps, n)) {
            double[] q = basis.get(m);
            double[] w = new double[n];
            h.apply(q, w);
            alpha[m] = ops.dot(q, w);
            m++;
            ops.orthogonalize(w, basis);
            ops.orthogonalize(w, basis);
            double b = ops.norm(w);
            if (m == steps || b <= 1e-12 * Math.max(Math.abs(alpha[m - 1]) + (m > 1 ? beta[m - 2] : 0),
                    Double.MIN_NORMAL)) {
                break;
            }
            beta[m - 1] = b;
            ops.scale(1.0 / b, w);
            basis.add(w);
        }
        return new double[][]{Arrays.copyOf(alpha, m), Arrays.copyOf(beta, Math.max(0, m - 1))};
    }

    /**
     * Eigenpairs of the leading m×m block of the projected matrix (tridiagonal, or arrowhead plus tridiagonal
     * after a restart), in descending order of eigenvalue.
     */
    private record Ritz(double[] values, double[][] vectors, int m, double norm) {
        /**
         * @param topOnly T is still tridiagonal and only the top pair is needed: the top eigenvalue by
         *                {@link TridiagonalLargest} (O(m) per iteration) and its vector by
         *                {@link TridiagonalEigenvector} (O(m)), instead of a dense eigendecomposition (O(m³)) at every
         *                convergence check; values then holds the top one
         */
        static Ritz of(double[][] tm, int m, boolean topOnly) {
            return topOnly ? topOfTridiagonal(tm, m) : of(tm, m);
        }

        static Ritz of(double[][] tm, int m) {
            DMatrixRMaj t = new DMatrixRMaj(m, m);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    t.set(i, j, tm[i][j]);
                }
            }
            SymmetricEigen eig = SymmetricEigen.of(t, m, "the Lanczos tridiagonal");
            double norm = 0;
            for (double v : eig.values()) {
                norm = Math.max(norm, Math.abs(v));
            }
            return new Ritz(eig.values(), eig.vectors(), m, norm);
        }

        private static Ritz topOfTridiagonal(double[][] tm, int m) {
            double[] diag = diagonal(tm, m);
            double[] off = offDiagonal(tm, m);
            double top = TridiagonalLargest.of(diag, off, m);
            double norm = Double.isNaN(top) ? Double.NaN : TridiagonalLargest.norm(diag, off, m, top);
            if (Double.isNaN(norm)) {
                return of(tm, m);
            }
            double[][] vectors = {TridiagonalEigenvector.of(diag, off, m, top, norm)};
            return new Ritz(new double[]{top}, vectors, m, norm);
        }

        private static double[] diagonal(double[][] tm, int m) {
            double[] diag = new double[m];
            for (int i = 0; i < m; i++) {
                diag[i] = tm[i][i];
            }
            return diag;
        }

        private static double[] offDiagonal(double[][] tm, int m) {
            double[] off = new double[Math.max(1, m - 1)];
            for (int i = 0; i + 1 < m; i++) {
                off[i] = tm[i][i + 1];
            }
            return off;
        }

        /** θ_2 of the m×m tridiagonal tm given θ_1, once per estimate (for the gap). */
        private static double secondOfTridiagonal(double[][] tm, int m, double top) {
            double second = TridiagonalLargest.second(diagonal(tm, m), offDiagonal(tm, m), m, top);
            return Double.isNaN(second) ? of(tm, m).values[1] : second;
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

        /** The estimate from these Ritz pairs of tm (whose second eigenvalue, for the gap, is found here if needed). */
        SpectrumEstimate estimate(int k, double betaLast, List<double[]> basis, int hvps, boolean converged,
                                  int n, Vectors ops, double[][] tm) {
            int count = Math.min(k, m);
            double[] res = new double[count];
            for (int i = 0; i < count; i++) {
                res[i] = residual(i, betaLast);
            }
            // The Ritz vectors y_i = Q s_i of the reported values (only the top one when T was solved for it alone).
            double[][] y = new double[Math.min(count, vectors.length)][];
            for (int i = 0; i < y.length; i++) {
                y[i] = ops.combination(basis, vectors[i], m);
                ops.normalize(y[i]);
            }
            double gap = m < 2 ? Double.NaN
                    : values[0] - (values.length > 1 ? values[1] : secondOfTridiagonal(tm, m, values[0]));
            return new SpectrumEstimate("lanczos", Arrays.copyOf(values, count), res, gap, hvps, converged, y);
        }
    }

    private static double[][] grow(double[][] t, int size) {
        double[][] g = new double[size][size];
        for (int i = 0; i < t.length; i++) {
            System.arraycopy(t[i], 0, g[i], 0, t.length);
        }
        return g;
    }

    /** The basis operations: plain loops for small dimensions, blocked sweeps for large ones. */
    private interface Vectors {
        double dot(double[] a, double[] b);

        double norm(double[] a);

        void scale(double alpha, double[] a);

        /** w ← w − Σ_j (q_jᵀ w) q_j over the basis (one Gram–Schmidt sweep). */
        void orthogonalize(double[] w, List<double[]> basis);

        /** Σ_{j<m} c_j q_j as a new vector. */
        double[] combination(List<double[]> basis, double[] c, int m);

        /** q_i ← Σ_j s_{j,i} q_j for the top `keep` Ritz vectors, overwriting q_0..q_{keep−1}. */
        void ritzVectorsInPlace(List<double[]> basis, Ritz ritz, int keep);

        default boolean normalize(double[] v) {
            double norm = norm(v);
            if (!(norm > 0) || !Double.isFinite(norm)) {
                return false;
            }
            scale(1.0 / norm, v);
            return true;
        }
    }

    /**
     * Modified Gram–Schmidt and plain loops (the arithmetic of small problems, unchanged); the dot products on the
     * kernels, which give Blocks.dot's bits faster.
     */
    private record Plain(int n) implements Vectors {
        @Override
        public double dot(double[] a, double[] b) {
            return Kernels.dot(a, b, n);
        }

        @Override
        public double norm(double[] a) {
            return Kernels.norm(a, n);
        }

        @Override
        public void scale(double alpha, double[] a) {
            Blocks.scale(alpha, a, n);
        }

        @Override
        public void orthogonalize(double[] w, List<double[]> basis) {
            for (double[] q : basis) {
                double c = dot(q, w);
                Blocks.axpy(-c, q, w, n);
            }
        }

        @Override
        public double[] combination(List<double[]> basis, double[] c, int m) {
            double[] y = new double[n];
            for (int j = 0; j < m; j++) {
                Blocks.axpy(c[j], basis.get(j), y, n);
            }
            return y;
        }

        @Override
        public void ritzVectorsInPlace(List<double[]> basis, Ritz ritz, int keep) {
            int m = ritz.m();
            double[][] y = new double[keep][];
            for (int i = 0; i < keep; i++) {
                y[i] = combination(basis, ritz.vectors()[i], m);
            }
            for (int i = 0; i < keep; i++) {
                System.arraycopy(y[i], 0, basis.get(i), 0, n);
            }
        }
    }

    /**
     * Blocked sweeps for large dimensions: coordinates in blocks of {@value #CHUNK}, each block on any core, each
     * basis vector read once per sweep (classical Gram–Schmidt), partial sums added in block order.
     */
    private static final class Blocked implements Vectors {
        private final int n;
        private final int chunks;

        Blocked(int n) {
            this.n = n;
            this.chunks = (n + CHUNK - 1) / CHUNK;
        }

        private int from(int c) {
            return c * CHUNK;
        }

        private int to(int c) {
            return Math.min(n, (c + 1) * CHUNK);
        }

        @Override
        public double dot(double[] a, double[] b) {
            double[] partial = new double[chunks];
            Parallel.run(c -> partial[c] = Kernels.dot(a, b, from(c), to(c)), chunks);
            double s = 0;
            for (double p : partial) {
                s += p;
            }
            return s;
        }

        @Override
        public double norm(double[] a) {
            return Math.sqrt(dot(a, a));
        }

        @Override
        public void scale(double alpha, double[] a) {
            Parallel.run(c -> {
                for (int i = from(c); i < to(c); i++) {
                    a[i] *= alpha;
                }
            }, chunks);
        }

        @Override
        public void orthogonalize(double[] w, List<double[]> basis) {
            int m = basis.size();
            double[] partial = new double[chunks * m];
            Parallel.run(c -> {
                for (int j = 0; j < m; j++) {
                    partial[c * m + j] = Kernels.dot(basis.get(j), w, from(c), to(c));
                }
            }, chunks);
            double[] coef = new double[m];
            for (int c = 0; c < chunks; c++) {
                for (int j = 0; j < m; j++) {
                    coef[j] += partial[c * m + j];
                }
            }
            Parallel.run(c -> {
                for (int j = 0; j < m; j++) {
                    Kernels.axpy(-coef[j], basis.get(j), w, from(c), to(c));
                }
            }, chunks);
        }

        @Override
        public double[] combination(List<double[]> basis, double[] c, int m) {
            double[] y = new double[n];
            Parallel.run(b -> {
                for (int j = 0; j < m; j++) {
                    Kernels.axpy(c[j], basis.get(j), y, from(b), to(b));
                }
            }, chunks);
            return y;
        }

        @Override
        public void ritzVectorsInPlace(List<double[]> basis, Ritz ritz, int keep) {
            int m = ritz.m();
            double[][] s = ritz.vectors();
            Parallel.run(b -> {
                int lo = from(b);
                int len = to(b) - lo;
                double[][] tmp = new double[keep][len];
                for (int i = 0; i < keep; i++) {
                    for (int j = 0; j < m; j++) {
                        Kernels.axpyOffset(s[i][j], basis.get(j), lo, tmp[i], len);
                    }
                }
                for (int i = 0; i < keep; i++) {
                    System.arraycopy(tmp[i], 0, basis.get(i), lo, len);
                }
            }, chunks);
        }
    }

    static double[] gaussian(int n, RandomGenerator rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }
}
