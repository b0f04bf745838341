package org.dlnlab.objective;

import org.dlnlab.kernels.Blocks;
import org.dlnlab.model.DeepLinearNet;

/**
 * ∇_W(vᵀ∇²R(W)v) with the direction v held fixed: the third derivative D³R(W)[v, v, ·], for v = u, the top unit
 * eigenvector, the gradient of the sharpness ∇S while λ_max is simple (docs/formulas.md §7). R is a polynomial in
 * W, so ∇R(W + s·V) is a polynomial in s and D³R[v, v, ·] is twice its s² coefficient: the chains of §2 are carried
 * as degree-2 truncated Taylor numbers in s (u_k = u_k⁰ + s·u_k¹ + s²·u_k², a_k likewise), a few passes per layer,
 * O(N·p) per call. The cross terms ∇(v_iᵀHv_j) follow by polarization.
 * <p>
 * Works at the point of the objective's last {@link LinearChainObjective#setPoint}, whose chains are the Taylor
 * numbers' constant terms. Not thread-safe: one instance per objective, buffers allocated once.
 */
public final class CurvatureGradient {
    private final LinearChainObjective objective;
    private final DeepLinearNet net;
    private final int p;
    private final double[] u1;
    private final double[] u2;
    private final double[] a1;
    private final double[] a2;
    private final double[] sum;
    private final double[] difference;
    private final double[] scratch;

    public CurvatureGradient(LinearChainObjective objective) {
        this.objective = objective;
        this.net = objective.model();
        this.p = objective.problem().p();
        u1 = new double[objective.u.length];
        u2 = new double[u1.length];
        a1 = new double[u1.length];
        a2 = new double[u1.length];
        int n = net.parameterCount();
        sum = new double[n];
        difference = new double[n];
        scratch = new double[n];
    }

    /**
     * out = ∇_W(vᵀ∇²R(W)v) = D³R(W)[v, v, ·] at the objective's point, v fixed (any length: the result scales with
     * ‖v‖²). For the top unit eigenvector u this is ∇S.
     */
    public void along(double[] v, double[] out) {
        if (objective.cachedPoint == null) {
            throw new IllegalStateException("call setPoint before the curvature gradient");
        }
        double[] w = objective.cachedPoint;
        double[] u0 = objective.u;
        double[] a0 = objective.a;
        int depth = net.depth();
        // u_L = Pᵀ does not depend on W: its s and s² terms vanish.
        java.util.Arrays.fill(u1, objective.at(depth), objective.at(depth + 1), 0.0);
        java.util.Arrays.fill(u2, objective.at(depth), objective.at(depth + 1), 0.0);
        for (int k = depth; k >= 1; k--) {
            int off = net.offset(k);
            int rows = net.rows(k);
            int cols = net.cols(k);
            int in = objective.at(k - 1);
            int at = objective.at(k);
            // u_{k−1}(s) = (W_k + sV_k)ᵀ u_k(s): u² = W_kᵀu_k² + V_kᵀu_k¹, u¹ = W_kᵀu_k¹ + V_kᵀu_k⁰.
            Blocks.multTransA(w, off, rows, cols, u2, at, p, u2, in);
            Blocks.multAddTransA(v, off, rows, cols, u1, at, p, u2, in);
            Blocks.multTransA(w, off, rows, cols, u1, at, p, u1, in);
            Blocks.multAddTransA(v, off, rows, cols, u0, at, p, u1, in);
        }
        // G(s) = 2cΣ(E(s) − W*) is affine in E = u_0: its s and s² terms are 2cΣ u_0¹ and 2cΣ u_0².
        objective.gradientOfE(u1, 0, a1, 0);
        objective.gradientOfE(u2, 0, a2, 0);
        for (int k = 1; k <= depth; k++) {
            int off = net.offset(k);
            int rows = net.rows(k);
            int cols = net.cols(k);
            int in = objective.at(k - 1);
            int at = objective.at(k);
            // ∂R/∂W_k(s) = u_k(s) a_k(s)ᵀ; twice its s² term is the result.
            Blocks.outer(2, u0, at, a2, in, rows, cols, p, 0, out, off);
            Blocks.outer(2, u1, at, a1, in, rows, cols, p, 1, out, off);
            Blocks.outer(2, u2, at, a0, in, rows, cols, p, 1, out, off);
            if (k < depth) {
                // a_{k+1}(s) = (W_k + sV_k) a_k(s): a² = W_k a_k² + V_k a_k¹, a¹ = W_k a_k¹ + V_k a_k⁰.
                Blocks.mult(w, off, rows, cols, a2, in, p, a2, at);
                Blocks.multAdd(v, off, rows, cols, a1, in, p, a2, at);
                Blocks.mult(w, off, rows, cols, a1, in, p, a1, at);
                Blocks.multAdd(v, off, rows, cols, a0, in, p, a1, at);
            }
        }
    }

    /**
     * out = ∇_W(v_iᵀ∇²R(W)v_j), the cross term, by polarization:
     * ¼[D³R[v_i + v_j, v_i + v_j, ·] − D³R[v_i − v_j, v_i − v_j, ·]].
     */
    public void cross(double[] vi, double[] vj, double[] out) {
        int n = sum.length;
        for (int i = 0; i < n; i++) {
            sum[i] = vi[i] + vj[i];
            difference[i] = vi[i] - vj[i];
        }
        along(sum, out);
        along(difference, scratch);
        for (int i = 0; i < n; i++) {
            out[i] = 0.25 * (out[i] - scratch[i]);
        }
    }
}
