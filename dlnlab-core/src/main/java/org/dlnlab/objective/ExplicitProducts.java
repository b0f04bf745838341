package org.dlnlab.objective;

import org.dlnlab.model.DeepLinearNet;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The partial products of a network by explicit matrix multiplication, independent of the chains of
 * {@link Objective}: A_k = W_{k−1}⋯W_1 (A_1 = I) and U_k = (P W_L⋯W_{k+1})ᵀ (U_L = Pᵀ or I). The oracles
 * (dense Hessian, the d×d sharpness at a minimizer) are built on these.
 */
public final class ExplicitProducts {
    private final DMatrixRMaj[] layers;
    private final DMatrixRMaj[] prefix;
    private final DMatrixRMaj[] u;

    public ExplicitProducts(DeepLinearNet net, double[] w) {
        int depth = net.depth();
        layers = new DMatrixRMaj[depth + 1];
        for (int k = 1; k <= depth; k++) {
            layers[k] = new DMatrixRMaj(net.rows(k), net.cols(k));
            System.arraycopy(w, net.offset(k), layers[k].data, 0, net.rows(k) * net.cols(k));
        }
        prefix = new DMatrixRMaj[depth + 2];
        prefix[1] = CommonOps_DDRM.identity(net.inputs());
        for (int k = 2; k <= depth + 1; k++) {
            prefix[k] = mult(layers[k - 1], prefix[k - 1]);
        }
        DMatrixRMaj[] suffixT = new DMatrixRMaj[depth + 1];
        suffixT[depth] = net.hasProjection()
                ? new DMatrixRMaj(net.outputs(), net.width(depth), true, net.projection())
                : CommonOps_DDRM.identity(net.outputs());
        for (int k = depth - 1; k >= 1; k--) {
            suffixT[k] = mult(suffixT[k + 1], layers[k + 1]);
        }
        u = new DMatrixRMaj[depth + 1];
        for (int k = 1; k <= depth; k++) {
            u[k] = CommonOps_DDRM.transpose(suffixT[k], null);
        }
    }

    /** W_k. */
    public DMatrixRMaj layer(int k) {
        return layers[k];
    }

    /** A_k = W_{k−1}⋯W_1 (d_{k−1}×d); A_{L+1} = W_L⋯W_1. */
    public DMatrixRMaj prefix(int k) {
        return prefix[k];
    }

    /** U_k = (P W_L⋯W_{k+1})ᵀ (d_k×p). */
    public DMatrixRMaj u(int k) {
        return u[k];
    }

    /** E = (P W_L⋯W_1)ᵀ = A_1ᵀ W_1ᵀ U_1 (d×p). */
    public DMatrixRMaj endToEnd() {
        DMatrixRMaj first = mult(layers[1], prefix[1]);
        return mult(CommonOps_DDRM.transpose(first, null), u[1]);
    }

    public static DMatrixRMaj mult(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, b.numCols);
        CommonOps_DDRM.mult(a, b, out);
        return out;
    }
}
