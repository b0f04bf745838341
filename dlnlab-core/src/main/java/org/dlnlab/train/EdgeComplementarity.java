package org.dlnlab.train;

import org.dlnlab.curvature.DenseSpectrum;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.kernels.Blocks;
import org.ejml.data.DMatrixRMaj;

/**
 * The central flow's semidefinite complementarity problem for k eigenvalues at the edge (docs/formulas.md §7): find
 * a symmetric k×k X with
 * <pre>
 *     X ⪰ 0,    A + B[X] ⪰ 0,    ⟨X, A + B[X]⟩ = 0,
 * </pre>
 * B[X]_ij = Σ_kl M_{ij,kl} X_kl a self-adjoint, positive semidefinite map (M the scaled Gram matrix of the cross
 * gradients ∇(u_iᵀHu_j)). These are the optimality conditions of min ½⟨X, B[X]⟩ + ⟨A, X⟩ over X ⪰ 0, solved here by
 * accelerated projected gradient (FISTA with adaptive restart; the projection onto the cone clips the negative
 * eigenvalues). For k = 1 it is X = max(0, −A/B).
 */
public final class EdgeComplementarity {
    /** Stop once both conditions hold to this fraction of the problem's scale. */
    static final double TOLERANCE = 1e-12;
    private static final int MAX_ITERATIONS = 20_000;

    private EdgeComplementarity() {
    }

    /**
     * @param a k×k symmetric, row-major
     * @param m the map B as a k²×k² matrix on row-major k×k matrices, symmetric and positive semidefinite
     * @return X, k×k row-major
     */
    public static double[] solve(double[] a, double[] m, int k) {
        if (k == 1) {
            return new double[]{m[0] > 0 ? Math.max(0, unclipped(a[0], m[0])) : 0};
        }
        int n = k * k;
        // The Frobenius norm bounds B's largest eigenvalue: a safe step 1/L.
        double lipschitz = norm(m);
        double[] x = new double[n];
        if (!(lipschitz > 0)) {
            // B = 0: the minimum over the cone is X = 0 if A ⪰ 0; otherwise there is none, and X = 0 is kept.
            return x;
        }
        double[] y = x.clone();
        double[] previous = x.clone();
        double[] gradient = new double[n];
        double[] step = new double[n];
        double momentum = 1;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            apply(m, y, gradient, n);
            for (int i = 0; i < n; i++) {
                step[i] = y[i] - (gradient[i] + a[i]) / lipschitz;
            }
            System.arraycopy(x, 0, previous, 0, n);
            projectToCone(step, k, x);
            double next = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
            double restart = 0;
            for (int i = 0; i < n; i++) {
                restart += (y[i] - x[i]) * (x[i] - previous[i]);
            }
            if (restart > 0) {
                // Adaptive restart (O'Donoghue & Candès): momentum that points uphill is dropped.
                next = 1;
                System.arraycopy(x, 0, y, 0, n);
            } else {
                for (int i = 0; i < n; i++) {
                    y[i] = x[i] + (momentum - 1) / next * (x[i] - previous[i]);
                }
            }
            momentum = next;
            if (it % 16 == 15 && violation(a, m, x, k) <= TOLERANCE) {
                break;
            }
        }
        return x;
    }

    /**
     * For k = 1, −A/B: σ² before it is clipped at 0. Its sign says whether the edge holds: it is 0 where the flow,
     * left to itself, would stop pushing S up.
     */
    static double unclipped(double a, double b) {
        return -a / b;
    }

    /**
     * The largest of the conditions' violations relative to the problem's scale ‖A‖ + ‖B‖·‖X‖ (Frobenius norms):
     * −λ_min(X), −λ_min(A + B[X]) and |⟨X, A + B[X]⟩|/‖X‖.
     */
    public static double violation(double[] a, double[] m, double[] x, int k) {
        int n = k * k;
        double[] slack = new double[n];
        apply(m, x, slack, n);
        for (int i = 0; i < n; i++) {
            slack[i] += a[i];
        }
        double scale = norm(a) + norm(m) * norm(x);
        if (!(scale > 0)) {
            return 0;
        }
        double xNorm = norm(x);
        double inner = 0;
        for (int i = 0; i < n; i++) {
            inner += x[i] * slack[i];
        }
        double worst = Math.max(-smallestEigenvalue(x, k), -smallestEigenvalue(slack, k));
        worst = Math.max(worst, xNorm > 0 ? Math.abs(inner) / xNorm : 0);
        return Math.max(worst, 0) / scale;
    }

    /** out = M x for the k²×k² matrix M. */
    static void apply(double[] m, double[] x, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += m[i * n + j] * x[j];
            }
            out[i] = s;
        }
    }

    /** The nearest positive semidefinite matrix in Frobenius norm: the eigenvalues of the symmetric part clipped at 0. */
    static void projectToCone(double[] s, int k, double[] out) {
        SpectrumEstimate e = DenseSpectrum.top(symmetric(s, k), k);
        java.util.Arrays.fill(out, 0);
        for (int q = 0; q < k; q++) {
            double lambda = e.eigenvalues()[q];
            if (lambda <= 0) {
                continue;
            }
            double[] v = e.vectors()[q];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    out[i * k + j] += lambda * v[i] * v[j];
                }
            }
        }
    }

    public static double smallestEigenvalue(double[] s, int k) {
        double[] values = DenseSpectrum.top(symmetric(s, k), k).eigenvalues();
        return values[k - 1];
    }

    private static DMatrixRMaj symmetric(double[] s, int k) {
        DMatrixRMaj d = new DMatrixRMaj(k, k);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                d.set(i, j, 0.5 * (s[i * k + j] + s[j * k + i]));
            }
        }
        return d;
    }

    private static double norm(double[] v) {
        return Blocks.norm(v, v.length);
    }
}
