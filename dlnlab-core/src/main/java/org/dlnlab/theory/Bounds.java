package org.dlnlab.theory;

import org.dlnlab.InvalidInputException;
import org.dlnlab.InvalidInputException.Input;
import org.dlnlab.InvalidInputException.Setting;
import org.dlnlab.InvalidInputException.Text;
import org.dlnlab.data.Problem;
import org.dlnlab.kernels.Blocks;
import org.dlnlab.objective.LossConvention;
import org.dlnlab.objective.ExplicitProducts;
import org.ejml.data.DMatrixRMaj;

/**
 * The constants of Marion &amp; Chizat's theory for a univariate data set and a depth L (docs/formulas.md §4),
 * every sharpness in the given loss convention (the formulas are the paper's mse ones times c).
 *
 * @param conditionNumber κ = Λ/λ, +∞ when λ = 0 (n &lt; d or rank-deficient X)
 * @param balancedUpperBound 2(Λ + (L−1)a)‖w*‖^{2−2/L}, so S_lb ≤ S_min ≤ S_bal ≤ this
 */
public record Bounds(int n, int d, int p, int depth, LossConvention loss, double lambdaMin, double lambdaMax,
                     double conditionNumber, double wStarNorm, double a, double rMin, double sharpnessLowerBound,
                     double balancedMinimizerSharpness, double balancedUpperBound, double criticalLearningRate,
                     double smallInitUpperLine) {

    public static Bounds of(Problem problem, int depth, LossConvention loss) {
        if (problem.p() != 1) {
            throw new InvalidInputException(new Text("bounds: the theory is for a single target, the data has "
                    + problem.p() + " (choose one with "), Setting.of(Input.TARGET), new Text(")"));
        }
        if (depth < 1) {
            throw new InvalidInputException(Input.DEPTH, null, "must be ≥ 1, got " + depth);
        }
        int d = problem.d();
        double[] eig = problem.sigmaEigenvalues();
        double lambda = eig[0];
        double bigLambda = eig[d - 1];
        double[] wStar = problem.wStar();
        double norm = Blocks.norm(wStar, d);
        double c = loss.factor();
        double[] sigmaW = new double[d];
        Blocks.mult(problem.sigma(), 0, d, d, wStar, 0, 1, sigmaW, 0);
        // a = w*ᵀΣw*/‖w*‖² ∈ [λ, Λ]
        double a = norm > 0 ? Blocks.dot(wStar, sigmaW, d) / (norm * norm) : Double.NaN;
        double scale = Math.pow(norm, 2 - 2.0 / depth);
        // S_lb = 2 L a ‖w*‖^{2−2/L}   (Thm. 1, finite-L form)
        double lower = c * 2 * depth * a * scale;
        double balanced = c * 2 * scale * balancedTop(problem, depth);
        return new Bounds(problem.n(), d, 1, depth, loss, lambda, bigLambda,
                lambda > 0 ? bigLambda / lambda : Double.POSITIVE_INFINITY, norm, a, c * problem.rMin(), lower,
                balanced,
                // S_bal ≤ 2(Λ + (L−1)a)‖w*‖^{2−2/L}
                c * 2 * (bigLambda + (depth - 1) * a) * scale,
                2 / lower,
                // The authors' small-init line 8LΛ‖w*‖^{2−2/L} = (4Λ/a)·S_lb
                c * 8 * depth * bigLambda * scale);
    }

    /** λ_max(Σ + (L−1) Σ^{1/2} v_0 v_0ᵀ Σ^{1/2}) with v_0 = w* / ‖w*‖: S_bal / (2‖w*‖^{2−2/L}). */
    private static double balancedTop(Problem problem, int depth) {
        int d = problem.d();
        double[] wStar = problem.wStar();
        double norm = Blocks.norm(wStar, d);
        if (!(norm > 0)) {
            return Double.NaN;
        }
        DMatrixRMaj b = ExplicitProducts.mult(MinimizerSharpness.sqrtSigma(problem), new DMatrixRMaj(d, 1, true,
                wStar));
        DMatrixRMaj m = new DMatrixRMaj(d, d, true, problem.sigma());
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                m.add(i, j, (depth - 1) * b.get(i) * b.get(j) / (norm * norm));
            }
        }
        return MinimizerSharpness.topEigenvalue(m);
    }
}
