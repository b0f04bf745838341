package org.dlnlab.objective;

import org.dlnlab.curvature.Hessian;

import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import static org.dlnlab.objective.ExplicitProducts.mult;

/**
 * The N×N Hessian of R assembled from closed-form blocks with explicit matrix products, sharing no code with
 * the chains of {@link Objective}: it is the oracle for the HVP and the dense sharpness method for small nets.
 * <p>
 * With A_k = W_{k−1}⋯W_1, U_k = (P W_L⋯W_{k+1})ᵀ, B_{jk} = W_{k−1}⋯W_{j+1} and G = 2cΣ(E − W*), the entry
 * for W_j[r,s] and W_k[r',s'] is 2c (A_jΣA_kᵀ)[s,s'] (U_jU_kᵀ)[r,r'] (Gauss–Newton part) plus, for j &lt; k,
 * B_{jk}[s',r] (A_j G U_kᵀ)[s,r'] (the second derivative of E, which is linear in each layer).
 */
public final class DenseHessian {
    /** Above this many parameters the N² matrix is refused: use Lanczos. */
    private DenseHessian() {
    }

    public static DMatrixRMaj compute(DeepLinearNet net, Problem problem, LossConvention loss, double[] w) {
        int n = net.parameterCount();
        if (n > Hessian.DENSE_MAX_DIMENSION) {
            throw new IllegalArgumentException("dense Hessian refused for N = " + n + " > " + Hessian.DENSE_MAX_DIMENSION);
        }
        int depth = net.depth();
        int d = net.inputs();
        int p = net.outputs();
        double c = loss.factor();
        ExplicitProducts products = new ExplicitProducts(net, w);
        DMatrixRMaj e = products.endToEnd();
        DMatrixRMaj sigma = new DMatrixRMaj(d, d, true, problem.sigma());
        DMatrixRMaj diff = e.copy();
        CommonOps_DDRM.subtract(e, new DMatrixRMaj(d, p, true, problem.wStar()), diff);
        DMatrixRMaj g = mult(sigma, diff);
        CommonOps_DDRM.scale(2 * c, g);

        DMatrixRMaj h = new DMatrixRMaj(n, n);
        for (int j = 1; j <= depth; j++) {
            for (int k = j; k <= depth; k++) {
                DMatrixRMaj inputs = mult(mult(products.prefix(j), sigma),
                        CommonOps_DDRM.transpose(products.prefix(k), null));
                DMatrixRMaj outputs = mult(products.u(j), CommonOps_DDRM.transpose(products.u(k), null));
                DMatrixRMaj between = null;
                DMatrixRMaj agu = null;
                if (j < k) {
                    between = CommonOps_DDRM.identity(net.width(j));
                    for (int m = j + 1; m < k; m++) {
                        between = mult(products.layer(m), between);
                    }
                    agu = mult(mult(products.prefix(j), g), CommonOps_DDRM.transpose(products.u(k), null));
                }
                for (int r = 0; r < net.rows(j); r++) {
                    for (int s = 0; s < net.cols(j); s++) {
                        int row = net.offset(j) + r * net.cols(j) + s;
                        for (int r2 = 0; r2 < net.rows(k); r2++) {
                            for (int s2 = 0; s2 < net.cols(k); s2++) {
                                int col = net.offset(k) + r2 * net.cols(k) + s2;
                                double v = 2 * c * inputs.get(s, s2) * outputs.get(r, r2);
                                if (j < k) {
                                    v += between.get(s2, r) * agu.get(s, r2);
                                }
                                h.set(row, col, v);
                                h.set(col, row, v);
                            }
                        }
                    }
                }
            }
        }
        return h;
    }
}
