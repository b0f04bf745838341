package org.dlnlab.kernels;

/**
 * The passes over one layer of a deep linear chain that an objective needs, for a fixed number of outputs p.
 * <p>
 * A layer W is rows × cols, row-major at w[off ..]. The chain blocks beside it are row-major and need one offset per
 * side, whatever array holds them: those of its input side (cols × p: what W multiplies, what Wᵀ yields, a_k, ȧ_k)
 * start at {@code inAt}, those of its output side (rows × p: what Wᵀ multiplies, what W yields, u_k, u̇_k, V_k a_k)
 * at {@code outAt}. In an objective's chains these are the blocks k − 1 and k of layer k.
 * <p>
 * {@link #forOutputs} is the one place that chooses by p, when an objective is built: one output runs on the fused,
 * threaded and vectorized {@link ChainPasses}; several outputs on the generic {@link Blocks} loops
 * ({@link BlockPasses}). Implementations hold scratch space: one instance per objective, not thread-safe, and
 * allocation-free once warm.
 */
public interface LayerPasses {
    /** The passes for p outputs. */
    static LayerPasses forOutputs(int p) {
        return p == 1 ? new ChainPasses() : new BlockPasses(p);
    }

    /** y = Wᵀ x. */
    void transMult(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] x, double[] y);

    /** y = W x. */
    void mult(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] x, double[] y);

    /** y = S x for a symmetric n × n S at s[0 ..] (x, y n × p), by whichever of S x and Sᵀ x is the faster. */
    void symmetricMult(double[] s, int n, double[] x, int xOff, double[] y, int yOff);

    /** The GD step's forward pass: y = W x with the old W, then W ← W − η u xᵀ. */
    void multRankOne(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] x, double[] y, double eta,
                     double[] u);

    /** W ← W − η u xᵀ alone, by the same operations as {@link #multRankOne}'s update (for a point whose y is known). */
    void rankOneUpdate(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] x, double eta,
                       double[] u);

    /** Backward pass of an HVP: y = V_kᵀ u_k + W_kᵀ u̇_k and va = V_k a_k, with V_k at the layer's offset in v. */
    void hvpBackward(double[] v, double[] w, int off, int rows, int cols, int inAt, int outAt, double[] u,
                     double[] ud, double[] a, double[] y, double[] va);

    /** Forward pass of an HVP: (HV)_k = u̇_k a_kᵀ + u_k ȧ_kᵀ at hv[off ..], and next = va + W_k ȧ_k unless null. */
    void hvpForward(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] ad, double[] va,
                    double[] next, double[] ud, double[] u, double[] a, double[] hv);

    /** g = u aᵀ (rows × cols, summed over the p outputs) at g[off ..]. */
    void outer(double[] g, int off, int rows, int cols, int inAt, int outAt, double[] u, double[] a);

    /** ‖u aᵀ‖²_F: one layer's share of ‖∇R‖² (u = u_k, a = a_k). */
    double outerNormSq(int rows, int cols, int inAt, int outAt, double[] u, double[] a);
}
