package org.dlnlab.kernels;

/**
 * The passes over one layer of a deep linear chain that an objective needs, for a fixed number of outputs p. A layer
 * W is rows × cols, row-major at w[off ..]; a chain block beside it is rows × p (what Wᵀ multiplies) or cols × p
 * (what W multiplies), row-major at the given offset.
 * <p>
 * {@link #forOutputs} is the one place that chooses by p, when an objective is built: one output runs on the fused,
 * possibly threaded and vectorized {@link ChainPasses}; several outputs on the generic {@link Blocks} loops
 * ({@link BlockPasses}). Implementations hold scratch space: one instance per objective, not thread-safe, and
 * allocation-free once warm.
 */
public interface LayerPasses {
    /** The passes for p outputs. */
    static LayerPasses forOutputs(int p) {
        return p == 1 ? new ChainPasses() : new BlockPasses(p);
    }

    /** out = Wᵀ x: x rows × p at xOff, out cols × p at oOff. */
    void transMult(double[] w, int off, int rows, int cols, double[] x, int xOff, double[] out, int oOff);

    /** out = W x: x cols × p at xOff, out rows × p at oOff. */
    void mult(double[] w, int off, int rows, int cols, double[] x, int xOff, double[] out, int oOff);

    /** out = S x for a symmetric n × n S at s[0 ..], by whichever of W x and Wᵀ x is the faster. */
    void symmetricMult(double[] s, int n, double[] x, int xOff, double[] out, int oOff);

    /** The GD step's forward pass: out = W x with the old W, then W ← W − η u xᵀ (u rows × p). */
    void multRankOne(double[] w, int off, int rows, int cols, double[] x, int xOff, double[] out, int oOff,
                     double eta, double[] u, int uOff);

    /**
     * Backward pass of an HVP: out = V_kᵀ u_k + W_kᵀ u̇_k (cols × p) and va = V_k a_k (rows × p), with V_k at the
     * layer's offset in v; u, ud rows × p, a cols × p.
     */
    void hvpBackward(double[] v, double[] w, int off, int rows, int cols, double[] u, int uOff, double[] ud,
                     int udOff, double[] a, int aOff, double[] out, int oOff, double[] va, int vaOff);

    /**
     * Forward pass of an HVP: (HV)_k = u̇_k a_kᵀ + u_k ȧ_kᵀ at hv[off ..], and next = va + W_k ȧ_k (skipped when next
     * is null); ad, a cols × p, va, next, ud, u rows × p.
     */
    void hvpForward(double[] w, int off, int rows, int cols, double[] ad, int adOff, double[] va, int vaOff,
                    double[] next, int nextOff, double[] ud, int udOff, double[] u, int uOff, double[] a, int aOff,
                    double[] hv);

    /** out_k = u aᵀ (rows × cols, summed over the p outputs) at out[off ..]. */
    void outer(double[] out, int off, int rows, int cols, double[] u, int uOff, double[] a, int aOff);

    /** ‖u aᵀ‖²_F for u rows × p, a cols × p: one layer's share of ‖∇R‖² (u = u_k, a = a_k). */
    double outerNormSq(double[] u, int uOff, int rows, double[] a, int aOff, int cols);
}
