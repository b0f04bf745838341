package org.dlnlab.theory;

import org.dlnlab.InvalidInputException;
import org.dlnlab.data.Problem;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.ExplicitProducts;
import org.dlnlab.objective.LossConvention;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Exact sharpness at a minimizer through a d×d eigenproblem (docs/formulas.md §3), a second way independent of
 * Lanczos: there ∇²R = Jᵀ(2cΣ)J with J = ∂E/∂W, so for p = 1
 * S = 2c λ_max(Σ^{1/2} K Σ^{1/2}) with K = Σ_k ‖u_k‖² A_kᵀA_k.
 */
public final class MinimizerSharpness {
    private MinimizerSharpness() {
    }

    /** Valid only where Σ(E − W*) = 0, i.e. at a minimizer. */
    public static double of(DeepLinearNet net, Problem problem, LossConvention loss, double[] w) {
        if (problem.p() != 1) {
            throw new InvalidInputException("the d×d sharpness formula is for a single target, the data has "
                    + problem.p());
        }
        int d = problem.d();
        ExplicitProducts products = new ExplicitProducts(net, w);
        DMatrixRMaj k = new DMatrixRMaj(d, d);
        for (int layer = 1; layer <= net.depth(); layer++) {
            DMatrixRMaj a = products.prefix(layer);
            DMatrixRMaj ata = new DMatrixRMaj(d, d);
            CommonOps_DDRM.multTransA(a, a, ata);
            double uNorm2 = CommonOps_DDRM.elementSum(CommonOps_DDRM.elementMult(products.u(layer),
                    products.u(layer), null));
            CommonOps_DDRM.addEquals(k, uNorm2, ata);
        }
        DMatrixRMaj root = sqrtSigma(problem);
        DMatrixRMaj m = ExplicitProducts.mult(ExplicitProducts.mult(root, k), root);
        return 2 * loss.factor() * topEigenvalue(m);
    }

    /** Σ^{1/2} = V diag(√λ) Vᵀ. */
    static DMatrixRMaj sqrtSigma(Problem problem) {
        return sigmaPower(problem, 0.5);
    }

    /** Σ^a = V diag(λ^a) Vᵀ; for a &lt; 0 the zero eigenvalues of a singular Σ stay zero (the pseudo-inverse's). */
    static DMatrixRMaj sigmaPower(Problem problem, double exponent) {
        int d = problem.d();
        double[] values = problem.sigmaEigenvalues();
        DMatrixRMaj v = new DMatrixRMaj(d, d, true, problem.sigmaEigenvectors());
        DMatrixRMaj scaled = v.copy();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double f = values[j] == 0 ? 0 : exponent == 0.5 ? Math.sqrt(values[j]) : Math.pow(values[j], exponent);
                scaled.set(i, j, scaled.get(i, j) * f);
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(scaled, v, out);
        return out;
    }

    static double topEigenvalue(DMatrixRMaj symmetric) {
        int d = symmetric.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        if (!eig.decompose(symmetric.copy())) {
            throw new IllegalStateException("symmetric eigendecomposition failed");
        }
        double top = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < d; i++) {
            top = Math.max(top, eig.getEigenvalue(i).real);
        }
        return top;
    }
}
