package org.dlnlab.kernels;

/**
 * The inner loops of the one-output (p = 1) chain passes, on a range of rows or columns of one layer. Two
 * implementations compute bitwise the same numbers: {@link ScalarKernels} (plain Java) and {@link VectorKernels}
 * (the JDK's incubating Vector API, used when the JVM runs with {@code --add-modules jdk.incubator.vector}).
 * <p>
 * The arithmetic is fixed so that both agree to the bit: every product–sum is a fused multiply–add, and a dot
 * product over a range [j0, j1) of n = j1 − j0 entries (positions t = 0..n−1 counted from j0) is evaluated as
 * <ol>
 *   <li>16 lane sums s_l, lane l summing the entries t = 16m + l for t &lt; n16 = n − n mod 16 in increasing m
 *       (16 independent chains hide the multiply–add latency);</li>
 *   <li>u_l = (s_l + s_{l+8}) + (s_{l+4} + s_{l+12}) for l &lt; 4 (all zero when n16 = 0);</li>
 *   <li>each remaining entry t = n16..n−1, in order, added into u_{t mod 4};</li>
 *   <li>s = (u_0 + u_1) + (u_2 + u_3).</li>
 * </ol>
 * A layer W is row-major at w[off ..], rows × cols.
 */
interface KernelImpl {
    /** Number of lanes of the canonical dot product. */
    int LANES = 16;

    /**
     * out[oOff + j] = Σ_i W_ij x_i for j ∈ [j0, j1), over rows i in pairs (i, i+1), from zero, or from the
     * present out[oOff + j] when {@code add}.
     */
    void transMult(double[] w, int off, int rows, int cols, int j0, int j1, double[] x, int xOff,
                   double[] out, int oOff, boolean add);

    /** out[oOff + i] = W_i · x for rows i ∈ [i0, i1), or out[oOff + i] + W_i · x when {@code add}. */
    void mult(double[] w, int off, int cols, int i0, int i1, double[] x, int xOff, double[] out, int oOff,
              boolean add);

    /** out[oOff + i] = W_i · x with the old row, then W_i ← W_i − η u_i x for rows i ∈ [i0, i1) (one pass). */
    void multRankOne(double[] w, int off, int cols, int i0, int i1, double[] x, int xOff, double[] out, int oOff,
                     double eta, double[] u, int uOff);

    /**
     * The backward pass of an HVP on columns [j0, j1): out_j = Σ_i (V_ij u_i then W_ij u̇_i) from zero (row by row),
     * and partial[pOff + i] = Σ_{j ∈ [j0, j1)} V_ij a_j, reading each row of V and W once.
     */
    void hvpBackward(double[] v, double[] w, int off, int rows, int cols, int j0, int j1, double[] u, int uOff,
                     double[] ud, int udOff, double[] a, int aOff, double[] out, int oOff, double[] partial, int pOff);

    /**
     * The forward pass of an HVP on rows [i0, i1): next_i = va_i + W_i · ȧ (skipped when next is null) and
     * hv_ij = u̇_i a_j + u_i ȧ_j written to hv at the layer's offset, reading each row of W once.
     */
    void hvpForward(double[] w, int off, int cols, int i0, int i1, double[] ad, int adOff, double[] va, int vaOff,
                    double[] next, int nextOff, double[] ud, int udOff, double[] u, int uOff, double[] a, int aOff,
                    double[] hv);

    /** out_ij = u_i a_j at the layer's offset, rows [i0, i1). */
    void outer(double[] out, int off, int cols, int i0, int i1, double[] u, int uOff, double[] a, int aOff);

    /** Σ_{j<n} a[aOff + j] b[bOff + j], in the canonical lane order (lanes counted from the offsets). */
    double dot(double[] a, int aOff, double[] b, int bOff, int n);

    /** y_j ← y_j + α x_j (fused) for j ∈ [from, to). */
    void axpy(double alpha, double[] x, double[] y, int from, int to);

    /** Short name for reports: "vector" or "scalar". */
    String name();
}
