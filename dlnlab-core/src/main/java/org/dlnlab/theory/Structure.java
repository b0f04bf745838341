package org.dlnlab.theory;

import org.dlnlab.kernels.Blocks;
import org.dlnlab.model.DeepLinearNet;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * What the small-initialization theory says the learned layers look like (docs/formulas.md §4), measured:
 * per layer the singular values and the rank-one defect ‖W_k‖²_F − ‖W_k‖²_2; between consecutive layers the
 * alignment ⟨v_{k+1}, u_k⟩² of W_{k+1}'s top right and W_k's top left singular vectors, and the balancedness
 * ‖W_{k+1}ᵀW_{k+1} − W_kW_kᵀ‖_F (conserved by gradient flow, zero at a balanced initialization).
 *
 * @param singularValues per layer k = 1..L (index k−1), descending
 * @param rankOneDefects per layer: ‖W_k‖²_F − σ_1(W_k)²
 * @param alignments     per pair k = 1..L−1 (index k−1): ⟨v_{k+1}, u_k⟩² ∈ [0, 1]
 * @param balancedness   per pair k = 1..L−1: ‖W_{k+1}ᵀW_{k+1} − W_kW_kᵀ‖_F
 */
public record Structure(double[][] singularValues, double[] rankOneDefects, double[] alignments,
                        double[] balancedness) {

    public static Structure of(DeepLinearNet net, double[] w) {
        int depth = net.depth();
        double[][] sv = new double[depth][];
        double[] defects = new double[depth];
        double[][] topLeft = new double[depth][];
        double[][] topRight = new double[depth][];
        DMatrixRMaj[] layers = new DMatrixRMaj[depth];
        for (int k = 1; k <= depth; k++) {
            int r = net.rows(k);
            int c = net.cols(k);
            DMatrixRMaj m = new DMatrixRMaj(r, c);
            System.arraycopy(w, net.offset(k), m.data, 0, r * c);
            layers[k - 1] = m;
            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(r, c, true, true, true);
            if (!svd.decompose(m.copy())) {
                throw new IllegalStateException("SVD of layer " + k + " failed");
            }
            DMatrixRMaj u = svd.getU(null, false);
            DMatrixRMaj s = svd.getW(null);
            DMatrixRMaj vt = svd.getV(null, true);
            SingularOps_DDRM.descendingOrder(u, false, s, vt, true);
            int count = Math.min(r, c);
            sv[k - 1] = new double[count];
            for (int i = 0; i < count; i++) {
                sv[k - 1][i] = s.get(i, i);
            }
            double fro = Blocks.dot(m.data, m.data, m.data.length);
            // ‖W‖²_F − σ_1² = Σ_{i≥2} σ_i², computed as the former so that it is exactly 0 for rank one up to round-off
            defects[k - 1] = Math.max(0, fro - sv[k - 1][0] * sv[k - 1][0]);
            topLeft[k - 1] = new double[r];
            for (int i = 0; i < r; i++) {
                topLeft[k - 1][i] = u.get(i, 0);
            }
            topRight[k - 1] = new double[c];
            for (int j = 0; j < c; j++) {
                topRight[k - 1][j] = vt.get(0, j);
            }
        }
        double[] align = new double[depth - 1];
        double[] balance = new double[depth - 1];
        for (int k = 1; k < depth; k++) {
            double dot = 0;
            for (int i = 0; i < topLeft[k - 1].length; i++) {
                dot += topRight[k][i] * topLeft[k - 1][i];
            }
            align[k - 1] = dot * dot;
            DMatrixRMaj next = layers[k];
            DMatrixRMaj prev = layers[k - 1];
            DMatrixRMaj a = new DMatrixRMaj(next.numCols, next.numCols);
            CommonOps_DDRM.multTransA(next, next, a);
            DMatrixRMaj b = new DMatrixRMaj(prev.numRows, prev.numRows);
            CommonOps_DDRM.multTransB(prev, prev, b);
            CommonOps_DDRM.subtractEquals(a, b);
            balance[k - 1] = Blocks.norm(a.data, a.data.length);
        }
        return new Structure(sv, defects, align, balance);
    }

    /** The band (‖w*‖/2)^{1/L} ≤ σ_1(W_k) ≤ (2‖w*‖)^{1/L} the slides state for the small-init limit. */
    public static double[] topSingularBand(double wStarNorm, int depth) {
        return new double[]{Math.pow(wStarNorm / 2, 1.0 / depth), Math.pow(2 * wStarNorm, 1.0 / depth)};
    }

    public double maxRankOneDefect() {
        double m = 0;
        for (double x : rankOneDefects) {
            m = Math.max(m, x);
        }
        return m;
    }

    /** max_k (1 − ⟨v_{k+1}, u_k⟩²); 0 for a one-layer net. */
    public double maxMisalignment() {
        double m = 0;
        for (double x : alignments) {
            m = Math.max(m, 1 - x);
        }
        return m;
    }
}
