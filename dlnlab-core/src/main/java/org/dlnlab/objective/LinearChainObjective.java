package org.dlnlab.objective;

import org.dlnlab.curvature.Hessian;
import org.dlnlab.curvature.RangeRestriction;
import org.dlnlab.data.Problem;
import org.dlnlab.kernels.Blocks;
import org.dlnlab.kernels.ChainPasses;
import org.dlnlab.kernels.LayerPasses;
import org.dlnlab.model.DeepLinearNet;

/**
 * Risk, gradient and Hessian–vector product of a deep linear network by the chains of docs/formulas.md §2.
 * <p>
 * u_L = Pᵀ (or I_p), u_{k−1} = W_kᵀ u_k, E = u_0; G = 2cΣ(E − W*); a_1 = G, a_{k+1} = W_k a_k;
 * ∂R/∂W_k = u_k a_kᵀ. {@link #setPoint} caches the u_k and a_k so that every later {@link #hvp} costs two
 * chain passes. {@link #gdStep} fuses the forward chain with the update and leaves no valid cache.
 * <p>
 * The layer passes are chosen once, by the number of outputs ({@link LayerPasses#forOutputs}). One output (p = 1,
 * the paper's case, with or without a projection) runs on fused single-pass kernels ({@link ChainPasses}): a GD step
 * reads every weight once backward and reads and writes it once forward (24 bytes per parameter), an HVP at a cached
 * point reads V and W once backward (computing V_kᵀu_k, W_kᵀu̇_k and V_k a_k together) and reads W and writes HV once
 * forward (32 bytes per parameter). Large layers use several cores with bitwise the same result. When Σ has low rank
 * r (r &lt; d/4, d ≥ 64: fewer samples than inputs) and p = 1, Σx is applied as Σ_i λ_i v_i v_iᵀx from its
 * eigenvectors. p &gt; 1 runs on the generic {@link Blocks} loops.
 * <p>
 * Not thread-safe: one instance per run, all buffers allocated once; a step or HVP allocates nothing.
 */
public final class LinearChainObjective implements Objective {
    private final DeepLinearNet net;
    private final Problem problem;
    private final LossConvention loss;
    private final int depth;
    private final int p;
    private final int d;
    private final int[] chainOff;
    // The chains and their scratch, shared with ReducedHessian (same package).
    final double[] u;
    final double[] a;
    final double[] uDot;
    final double[] aDot;
    private final double[] diff;
    private final double[] sigmaDiff;
    /** V_k a_k of the HVP's backward pass (the u-chain's layout: d_k entries at at(k)). */
    private final double[] va;
    private final LayerPasses passes;
    /** F(E − W*) when the quadratic term is taken through the factor (see {@link #backwardAndRisk}). */
    private final double[] factorProduct;
    /** tr Σ, for the rounding bound of eᵀΣe. */
    private final double traceSigma;
    /** Σ = Σ_i λ_i v_i v_iᵀ over its r nonzero eigenvalues when that is cheaper (else null). */
    private final double[] sigmaVectors;
    private final double[] sigmaValues;
    private final double[] sigmaTmp;
    double[] cachedPoint;
    private ReducedHessian reduced;
    private final Hessian hessian = new Hessian() {
        @Override
        public int dimension() {
            return net.parameterCount();
        }

        @Override
        public void apply(double[] v, double[] out) {
            hvp(v, out);
        }

        @Override
        public RangeRestriction range() {
            return reducedHessian();
        }

        @Override
        public double[] dense() {
            return DenseHessian.compute(net, problem, loss, cachedPoint).data;
        }
    };
    private double risk;
    private double sqDistance;
    private double gradNormSq;

    public LinearChainObjective(DeepLinearNet net, Problem problem, LossConvention loss) {
        if (net.inputs() != problem.d() || net.outputs() != problem.p()) {
            throw new IllegalArgumentException("network " + net + " does not fit a problem with d = "
                    + problem.d() + ", p = " + problem.p());
        }
        this.net = net;
        this.problem = problem;
        this.loss = loss;
        this.depth = net.depth();
        this.p = problem.p();
        this.d = problem.d();
        chainOff = new int[depth + 2];
        for (int k = 0; k <= depth; k++) {
            chainOff[k + 1] = chainOff[k] + net.width(k) * p;
        }
        u = new double[chainOff[depth + 1]];
        a = new double[chainOff[depth + 1]];
        uDot = new double[u.length];
        aDot = new double[a.length];
        diff = new double[d * p];
        sigmaDiff = new double[d * p];
        va = new double[u.length];
        passes = LayerPasses.forOutputs(p);
        factorProduct = new double[problem.sigmaFactorRows() * p];
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += problem.sigma()[i * d + i];
        }
        traceSigma = trace;
        double[] lowRank = p == 1 ? lowRankSigma(problem) : null;
        if (lowRank != null) {
            int r = lowRank.length / (d + 1);
            sigmaValues = java.util.Arrays.copyOf(lowRank, r);
            sigmaVectors = java.util.Arrays.copyOfRange(lowRank, r, lowRank.length);
            sigmaTmp = new double[r];
        } else {
            sigmaValues = null;
            sigmaVectors = null;
            sigmaTmp = null;
        }
        double[] proj = net.projection();
        int dL = net.width(depth);
        for (int i = 0; i < dL; i++) {
            for (int q = 0; q < p; q++) {
                u[chainOff[depth] + i * p + q] = proj == null ? (i == q ? 1 : 0) : proj[q * dL + i];
            }
        }
    }

    @Override
    public DeepLinearNet model() {
        return net;
    }

    public Problem problem() {
        return problem;
    }

    @Override
    public LossConvention loss() {
        return loss;
    }

    /** Where the chain block of width d_k starts: u_k (d_k×p) in u, a_{k+1} (d_k×p) in a. */
    int at(int k) {
        return chainOff[k];
    }

    /**
     * [λ_1..λ_r, v_1 (d entries), …, v_r] for the r nonzero eigenvalues of Σ when r &lt; d/4 and d ≥ 64 (applying
     * Σ then costs 4rd instead of 2d² flops), else null.
     */
    private static double[] lowRankSigma(Problem problem) {
        int d = problem.d();
        double[] ev = problem.sigmaEigenvalues();
        int r = 0;
        for (double e : ev) {
            if (e != 0) {
                r++;
            }
        }
        if (d < 64 || 4 * r >= d) {
            return null;
        }
        double[] vec = problem.sigmaEigenvectors();
        double[] out = new double[r * (d + 1)];
        int m = 0;
        for (int i = 0; i < d; i++) {
            if (ev[i] == 0) {
                continue;
            }
            out[m] = ev[i];
            for (int j = 0; j < d; j++) {
                out[r + m * d + j] = vec[j * d + i];
            }
            m++;
        }
        return out;
    }

    /** out = Σ x (d × p entries at xOff and oOff). */
    private void sigmaTimes(double[] x, int xOff, double[] out, int oOff) {
        if (sigmaVectors == null) {
            passes.symmetricMult(problem.sigma(), d, x, xOff, out, oOff);
            return;
        }
        // Low rank (p = 1 only: sigmaVectors is null otherwise): x and out lie on the input side of the r × d matrix of
        // eigenvectors, sigmaTmp on its output side.
        int r = sigmaValues.length;
        passes.mult(sigmaVectors, 0, r, d, xOff, 0, x, sigmaTmp);
        for (int i = 0; i < r; i++) {
            sigmaTmp[i] *= sigmaValues[i];
        }
        passes.transMult(sigmaVectors, 0, r, d, oOff, 0, sigmaTmp, out);
    }

    /** u_{k−1} = W_kᵀ u_k for k = L..1; then E = u_0, risk, squared distance and G = a_1. */
    private void backwardAndRisk(double[] w) {
        for (int k = depth; k >= 1; k--) {
            passes.transMult(w, net.offset(k), net.rows(k), net.cols(k), at(k - 1), at(k), u, u);
        }
        double[] wStar = problem.wStar();
        double sq = 0;
        for (int i = 0; i < d * p; i++) {
            diff[i] = u[i] - wStar[i];
            sq += diff[i] * diff[i];
        }
        sigmaTimes(diff, 0, sigmaDiff, 0);
        // R = c·(tr(eᵀΣe) + R_min), e = E − W* (docs/formulas.md §1). Computed as ⟨e, Σe⟩ the quadratic term carries an
        // error of up to about 2dε‖e‖²·tr Σ (|Σ_ij| ≤ √(Σ_ii Σ_jj)), which exceeds the term itself when e lies mostly
        // in Σ's null space (GD interpolating n < d data) and can round it below zero. Unless the term is well above
        // that bound, it is recomputed as ‖Fe‖² with Σ = FᵀF, which no rounding makes negative; so the common step
        // costs what it did and no risk is ever negative.
        double quadratic = Blocks.dot(diff, sigmaDiff, d * p);
        if (!(quadratic > EXACT_QUADRATIC_BELOW * sq * traceSigma)) {
            quadratic = factorQuadratic();
        }
        risk = loss.factor() * (quadratic + problem.rMin());
        sqDistance = sq / (d * p);
        // G = 2cΣ(E − W*) is the gradient in E and the start a_1 of the forward chain (stored at index 0).
        for (int i = 0; i < d * p; i++) {
            a[i] = gradientFactor() * sigmaDiff[i];
        }
    }

    /** ⟨e, Σe⟩ below this multiple of ‖e‖²·tr Σ is recomputed through the factor of Σ. */
    private static final double EXACT_QUADRATIC_BELOW = 1e-3;

    /** ‖F(E − W*)‖²_F with Σ = FᵀF. */
    private double factorQuadratic() {
        int r = problem.sigmaFactorRows();
        passes.mult(problem.sigmaFactor(), 0, r, d, 0, 0, diff, factorProduct);
        return Blocks.dot(factorProduct, factorProduct, r * p);
    }

    /** ‖∇R‖² = Σ_k ‖u_k a_kᵀ‖²_F (O(d_k p²) per layer for p outputs, no N-sized work). */
    private double gradientNormSq() {
        double s = 0;
        for (int k = 1; k <= depth; k++) {
            s += passes.outerNormSq(net.rows(k), net.cols(k), at(k - 1), at(k), u, a);
        }
        return s;
    }

    /**
     * Evaluates at w and caches the chains for {@link #gradient} and {@link #hvp}. Returns the risk.
     * The cache refers to w's values at this call: a caller that changes w must call again.
     */
    @Override
    public double setPoint(double[] w) {
        backwardAndRisk(w);
        for (int k = 1; k < depth; k++) {
            passes.mult(w, net.offset(k), net.rows(k), net.cols(k), at(k - 1), at(k), a, a);
        }
        gradNormSq = gradientNormSq();
        cachedPoint = w;
        return risk;
    }

    /**
     * One gradient-descent step w ← w − η∇R(w), fused: the backward chain reads W once, the forward chain
     * computes a_{k+1} = W_k a_k with the old W_k and applies W_k −= η u_k a_kᵀ in the same pass.
     * Returns R at the point before the step; {@link #sqDistance()} and {@link #gradientNorm()} refer to
     * that point too. When the cache is at w ({@link #setPoint}(w), e.g. for a sharpness sample at this step), its
     * chains are those the fused pass would compute, bit for bit, so only the update is left to do. Leaves no cache
     * for {@link #hvp}.
     */
    @Override
    public double gdStep(double[] w, double eta) {
        if (cachedPoint == w) {
            for (int k = 1; k <= depth; k++) {
                passes.rankOneUpdate(w, net.offset(k), net.rows(k), net.cols(k), at(k - 1), at(k), a, eta, u);
            }
        } else {
            backwardAndRisk(w);
            for (int k = 1; k <= depth; k++) {
                passes.multRankOne(w, net.offset(k), net.rows(k), net.cols(k), at(k - 1), at(k), a, a, eta, u);
            }
            gradNormSq = gradientNormSq();
        }
        cachedPoint = null;
        return risk;
    }

    @Override
    public Hessian hessianAt(double[] w) {
        setPoint(w);
        return hessian;
    }

    /** ∇R at the point of the last {@link #setPoint}: out_k = u_k a_kᵀ. */
    @Override
    public void gradient(double[] out) {
        requireCache();
        for (int k = 1; k <= depth; k++) {
            passes.outer(out, net.offset(k), net.rows(k), net.cols(k), at(k - 1), at(k), u, a);
        }
    }

    /**
     * Hessian–vector product at the point of the last {@link #setPoint}, by forward-mode differentiation of
     * the chains: u̇_L = 0, u̇_{k−1} = V_kᵀu_k + W_kᵀu̇_k; Ġ = 2cΣu̇_0; ȧ_1 = Ġ, ȧ_{k+1} = V_k a_k + W_k ȧ_k;
     * (HV)_k = u̇_k a_kᵀ + u_k ȧ_kᵀ: one backward pass per layer (u̇_{k−1} and V_k a_k, for p = 1 reading V_k and
     * W_k once) and one forward pass (ȧ_{k+1} and (HV)_k, for p = 1 reading W_k once). {@code out} must not be
     * {@code v}.
     */
    @Override
    public void hvp(double[] v, double[] out) {
        requireCache();
        double[] w = cachedPoint;
        java.util.Arrays.fill(uDot, at(depth), at(depth + 1), 0.0);
        for (int k = depth; k >= 1; k--) {
            passes.hvpBackward(v, w, net.offset(k), net.rows(k), net.cols(k), at(k - 1), at(k), u, uDot, a, uDot, va);
        }
        gradientOfE(uDot, 0, aDot, 0);
        for (int k = 1; k <= depth; k++) {
            passes.hvpForward(w, net.offset(k), net.rows(k), net.cols(k), at(k - 1), at(k), aDot, va,
                    k < depth ? aDot : null, uDot, u, a, out);
        }
    }

    /**
     * tr H at the point of the last {@link #setPoint}, exact (docs/formulas.md §3): E is linear in each layer alone,
     * so a diagonal block of H holds only its Gauss–Newton term, 2c (A_kΣA_kᵀ) ⊗ (U_kU_kᵀ), whose trace is
     * 2c ‖U_k‖²_F tr(A_kΣA_kᵀ); the U_k are the cached u_k. With Σ = FᵀF, tr(A_kΣA_kᵀ) = ‖A_k Fᵀ‖²_F, and
     * B_k = A_k Fᵀ is carried through the layers (B_1 = Fᵀ, B_{k+1} = W_k B_k): O(N·r) for the r rows of F.
     */
    public double hessianTrace() {
        requireCache();
        int r = problem.sigmaFactorRows();
        double[] f = problem.sigmaFactor();
        double[] b = new double[d * r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < d; j++) {
                b[j * r + i] = f[i * d + j];
            }
        }
        double sum = 0;
        for (int k = 1; k <= depth; k++) {
            int rows = net.rows(k);
            double uNormSq = Blocks.dot(u, at(k), u, at(k), rows * p);
            sum += uNormSq * Blocks.dot(b, b, net.cols(k) * r);
            if (k < depth) {
                double[] next = new double[rows * r];
                Blocks.mult(cachedPoint, net.offset(k), rows, net.cols(k), b, 0, r, next, 0);
                b = next;
            }
        }
        return gradientFactor() * sum;
    }

    /** 2c in G = 2cΣ(E − W*), c the loss convention's factor. */
    double gradientFactor() {
        return 2 * loss.factor();
    }

    /** ȧ_1 = Ġ = 2cΣ u̇_0 (d × p entries at xOff and oOff). */
    void gradientOfE(double[] uDot0, int xOff, double[] out, int oOff) {
        sigmaTimes(uDot0, xOff, out, oOff);
        double g = gradientFactor();
        for (int i = 0; i < d * p; i++) {
            out[oOff + i] *= g;
        }
    }

    /**
     * The Hessian restricted to its range at the point of the last {@link #setPoint} (see {@link ReducedHessian}),
     * or null when it is not smaller than N or the network has several outputs. One instance per objective,
     * refreshed by each call.
     */
    public ReducedHessian reducedHessian() {
        requireCache();
        if (p != 1) {
            return null;
        }
        if (reduced == null) {
            reduced = new ReducedHessian(this);
        }
        if (reduced.dimension() >= net.parameterCount()) {
            return null;
        }
        reduced.refresh();
        return reduced;
    }

    private void requireCache() {
        if (cachedPoint == null) {
            throw new IllegalStateException("call setPoint before gradient or hvp");
        }
    }

    /** R(0) = c·‖Y‖²/n, the risk of the zero predictor: the scale of the data's risks. */
    @Override
    public double zeroPredictorRisk() {
        return loss.factor() * problem.yMeanSquare();
    }

    /** R at the last evaluated point. */
    @Override
    public double risk() {
        return risk;
    }

    /** ‖E − W*‖²_F/(d·p) at the last evaluated point: the paper's "squared distance" (mean over coordinates). */
    @Override
    public double sqDistance() {
        return sqDistance;
    }

    /** ‖∇R‖ at the last evaluated point. */
    @Override
    public double gradientNorm() {
        return Math.sqrt(gradNormSq);
    }

    /** E = (P W_L ⋯ W_1)ᵀ (d×p) at the last evaluated point (a copy). */
    public double[] endToEnd() {
        return java.util.Arrays.copyOf(u, d * p);
    }
}
