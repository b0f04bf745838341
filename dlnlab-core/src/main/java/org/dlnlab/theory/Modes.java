package org.dlnlab.theory;

import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.ExplicitProducts;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.objective.LossConvention;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The modes of Gidel, Bach &amp; Lacoste-Julien (2019) of a problem with several outputs (docs/formulas.md §6): the
 * SVD Σ_xy = U diag(σ) Vᵀ (full U, V; σ descending), the strength w_i = u_iᵀEv_i of each mode in an end-to-end map
 * E, the input variance λ_i = u_iᵀΣu_i along u_i (Σ's eigenvalue when the statistics commute) and the reduced-rank
 * regression solutions W_RRR(r) = Σ^{−1/2} P_r(Σ^{−1/2}Σ_xy) that the staircase is compared with.
 */
public final class Modes {
    private final int d;
    private final int p;
    private final DMatrixRMaj u;
    private final DMatrixRMaj v;
    private final double[] sigma;
    private final double[] lambda;
    private final double commutator;
    private final DMatrixRMaj[] rrr;

    private Modes(Problem problem) {
        d = problem.d();
        p = problem.p();
        DMatrixRMaj sxy = new DMatrixRMaj(d, p, true, problem.sigmaXY());
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(d, p, true, true, false);
        if (!svd.decompose(sxy.copy())) {
            throw new IllegalStateException("SVD of Σ_xy failed");
        }
        u = svd.getU(null, false);
        DMatrixRMaj s = svd.getW(null);
        v = svd.getV(null, false);
        SingularOps_DDRM.descendingOrder(u, false, s, v, false);
        int r = Math.min(d, p);
        sigma = new double[r];
        lambda = new double[r];
        DMatrixRMaj cov = new DMatrixRMaj(d, d, true, problem.sigma());
        for (int i = 0; i < r; i++) {
            sigma[i] = s.get(i, i);
            double q = 0;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    q += u.get(a, i) * cov.get(a, b) * u.get(b, i);
                }
            }
            lambda[i] = q;
        }
        // ‖Σ Σ_xy Σ_xyᵀ − Σ_xy Σ_xyᵀ Σ‖_F: zero exactly when Σ and Σ_xyΣ_xyᵀ share eigenvectors (commuting data).
        DMatrixRMaj outer = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(sxy, sxy, outer);
        DMatrixRMaj ab = ExplicitProducts.mult(cov, outer);
        DMatrixRMaj ba = ExplicitProducts.mult(outer, cov);
        CommonOps_DDRM.subtractEquals(ab, ba);
        commutator = NormOps_DDRM.normF(ab);
        rrr = reducedRankSolutions(problem, r);
    }

    public static Modes of(Problem problem) {
        return new Modes(problem);
    }

    /** min(d, p), the number of modes. */
    public int count() {
        return sigma.length;
    }

    /** σ_i, descending. */
    public double[] sigma() {
        return sigma.clone();
    }

    /** λ_i = u_iᵀΣu_i. */
    public double[] lambda() {
        return lambda.clone();
    }

    /** ‖ΣΣ_xyΣ_xyᵀ − Σ_xyΣ_xyᵀΣ‖_F, zero for commuting statistics. */
    public double commutatorNorm() {
        return commutator;
    }

    /** The strength at which mode i counts as switched on: half its limit, σ_i/(2λ_i). */
    public double threshold(int i) {
        return sigma[i] / (2 * lambda[i]);
    }

    /** E = (W_L⋯W_1)ᵀ (d×p) of a network's weights. */
    public static double[] endToEnd(DeepLinearNet net, double[] w) {
        return new ExplicitProducts(net, w).endToEnd().data;
    }

    /** δ_eff = −ln σ_max(E(0)): the δ of the spectral start e^{−δ} of the same size, for any other start. */
    public double effectiveDelta(double[] e0) {
        double top = 0;
        for (double s : SingularOps_DDRM.singularValues(new DMatrixRMaj(d, p, true, e0.clone()))) {
            top = Math.max(top, s);
        }
        return -Math.log(top);
    }

    /** M = UᵀEV (d×p), whose diagonal holds the mode strengths. */
    private DMatrixRMaj inBasis(double[] e) {
        DMatrixRMaj ue = new DMatrixRMaj(d, p);
        CommonOps_DDRM.multTransA(u, new DMatrixRMaj(d, p, true, e), ue);
        return ExplicitProducts.mult(ue, v);
    }

    /** w_i = u_iᵀEv_i for every mode. */
    public double[] strengths(double[] e) {
        DMatrixRMaj m = inBasis(e);
        double[] w = new double[sigma.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = m.get(i, i);
        }
        return w;
    }

    /** ‖UᵀEV − diag(UᵀEV)‖_F / ‖E‖_F: the share of E outside the modes (0 under commuting dynamics). */
    public double offDiagonalMass(double[] e) {
        DMatrixRMaj m = inBasis(e);
        for (int i = 0; i < sigma.length; i++) {
            m.set(i, i, 0);
        }
        double total = NormOps_DDRM.normF(new DMatrixRMaj(d, p, true, e));
        return total == 0 ? 0 : NormOps_DDRM.normF(m) / total;
    }

    /** W_RRR(r) (d×p) for r = 0..count(); W_RRR(0) = 0 and W_RRR(count()) = W* when Σ is invertible. */
    public double[] reducedRank(int r) {
        return rrr[r].data.clone();
    }

    /** ‖E − W_RRR(r)‖_F. */
    public double distanceToReducedRank(double[] e, int r) {
        return distance(e, rrr[r].data);
    }

    /** ‖A − B‖_F of two matrices of the same shape. */
    public static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i] - b[i];
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** R(E) in a loss convention, by the objective's own risk of the one-layer network Eᵀ. */
    public static double risk(Problem problem, LossConvention loss, double[] e) {
        int d = problem.d();
        int p = problem.p();
        double[] w = new double[d * p];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < p; b++) {
                w[b * d + a] = e[a * p + b];
            }
        }
        return new LinearChainObjective(DeepLinearNet.of(d, p), problem, loss).setPoint(w);
    }

    /** The plateau after the first k modes in σ order: Σ_{i≤k} (σ_i/λ_i) u_i v_iᵀ (d×p). */
    public double[] plateau(int k) {
        double[] e = new double[d * p];
        for (int i = 0; i < k; i++) {
            double c = sigma[i] / lambda[i];
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < p; b++) {
                    e[a * p + b] += c * u.get(a, i) * v.get(b, i);
                }
            }
        }
        return e;
    }

    /**
     * W_RRR(r) = Σ^{−1/2} P_r(Σ^{−1/2}Σ_xy), P_r the best rank-r approximation (truncated SVD); Σ^{−1/2} is the
     * pseudo-inverse root where Σ is singular.
     */
    private static DMatrixRMaj[] reducedRankSolutions(Problem problem, int count) {
        int d = problem.d();
        int p = problem.p();
        DMatrixRMaj root = MinimizerSharpness.sigmaPower(problem, -0.5);
        DMatrixRMaj whitened = ExplicitProducts.mult(root, new DMatrixRMaj(d, p, true, problem.sigmaXY()));
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(d, p, true, true, true);
        if (!svd.decompose(whitened.copy())) {
            throw new IllegalStateException("SVD of Σ^{−1/2}Σ_xy failed");
        }
        DMatrixRMaj a = svd.getU(null, false);
        DMatrixRMaj s = svd.getW(null);
        DMatrixRMaj b = svd.getV(null, false);
        SingularOps_DDRM.descendingOrder(a, false, s, b, false);
        DMatrixRMaj[] out = new DMatrixRMaj[count + 1];
        DMatrixRMaj truncated = new DMatrixRMaj(d, p);
        out[0] = new DMatrixRMaj(d, p);
        for (int r = 1; r <= count; r++) {
            int i = r - 1;
            for (int x = 0; x < d; x++) {
                for (int y = 0; y < p; y++) {
                    truncated.add(x, y, s.get(i, i) * a.get(x, i) * b.get(y, i));
                }
            }
            out[r] = ExplicitProducts.mult(root, truncated);
        }
        return out;
    }
}
