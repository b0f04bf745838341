package org.dlnlab.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A product with the Hessian on its range (see {@code objective.ReducedHessian}) for one-output nets whose layers
 * all have at most {@value #PAD} columns (the paper's d = 5 nets), on the Vector API. Every per-layer vector lives in
 * {@value #PAD} lanes (two 256-bit vectors, zero beyond its width), and the weights are copied at {@link #load} into
 * padded rows (W_k for the backward links) and padded columns (W_kᵀ for the forward links), so that each link and
 * each layer's O(d) bookkeeping is a handful of vector operations: with scalar loops over 5 entries the
 * bookkeeping and the loop control cost more than the links. Use only when {@link Kernels#vectorized()}.
 * <p>
 * Every lane performs the general path's operations ({@code ReducedHessian.apply} on {@link SmallKernels} and
 * {@link KernelImpl}'s canonical dot product) in the same order, so the product is bitwise the same with or without
 * the Vector API. Not thread-safe.
 */
public final class RangeLinks {
    /** Lanes per layer vector: the widest layer this path takes. */
    public static final int PAD = 8;
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final int H = 4;

    private final int depth;
    private final int[] widths;
    /** Layer k's rows of W_k at 8·rowStart[k − 1] (rows × PAD), and its columns (W_kᵀ) at 8·colStart[k − 1]. */
    private final int[] rowStart;
    private final int[] colStart;
    private final double[] wRows;
    private final double[] wCols;
    /** Where weight e (the flat row-major parameter vector) goes in wRows and in wCols. */
    private final int[] rowAt;
    private final int[] colAt;
    /** Σ by rows (d × PAD; Σ is symmetric), and 2c. */
    private final double[] sigma;
    private double twoC;
    /** Per layer (block k − 1, PAD lanes): û·‖u‖ = u_k, â_k, −‖u_k‖â_k. */
    private final double[] u;
    private final double[] aHat;
    private final double[] gy;
    private final double[] aNorm;
    private final double[] uNorm;
    /** u̇_k at block k (k = 0..L; u̇_L = 0), ȧ_k at block k − 1. */
    private final double[] uDot;
    private final double[] aDot;
    /** The coordinates and the product in padded blocks: layer k's x at 16(k − 1), its y at 16(k − 1) + 8. */
    private final double[] cPad;
    private final double[] outPad;

    /** @param widths d_0..d_L with d_L = 1 and every other width at most {@value #PAD} */
    RangeLinks(int[] widths) {
        this.depth = widths.length - 1;
        this.widths = widths.clone();
        rowStart = new int[depth];
        colStart = new int[depth];
        int rows = 0;
        int cols = 0;
        for (int k = 1; k <= depth; k++) {
            if (widths[k - 1] > PAD || widths[k] > PAD) {
                throw new IllegalArgumentException("a layer is wider than " + PAD);
            }
            rowStart[k - 1] = rows;
            colStart[k - 1] = cols;
            rows += widths[k];
            cols += widths[k - 1];
        }
        wRows = new double[PAD * rows];
        wCols = new double[PAD * cols];
        int n = 0;
        for (int k = 1; k <= depth; k++) {
            n += widths[k] * widths[k - 1];
        }
        rowAt = new int[n];
        colAt = new int[n];
        for (int k = 1, e = 0; k <= depth; k++) {
            for (int i = 0; i < widths[k]; i++) {
                for (int j = 0; j < widths[k - 1]; j++, e++) {
                    rowAt[e] = PAD * (rowStart[k - 1] + i) + j;
                    colAt[e] = PAD * (colStart[k - 1] + j) + i;
                }
            }
        }
        sigma = new double[PAD * widths[0]];
        u = new double[PAD * depth];
        aHat = new double[PAD * depth];
        gy = new double[PAD * depth];
        aNorm = new double[depth];
        uNorm = new double[depth];
        uDot = new double[PAD * (depth + 1)];
        aDot = new double[PAD * depth];
        cPad = new double[2 * PAD * depth];
        outPad = new double[2 * PAD * depth];
    }

    /** Whether every layer fits: all widths but the output's at most {@value #PAD}, and one output. */
    static boolean fits(int[] widths) {
        if (widths[widths.length - 1] != 1) {
            return false;
        }
        for (int k = 0; k < widths.length - 1; k++) {
            if (widths[k] > PAD) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the point: W (the flat parameter vector, W_1 first, each row-major), 2cΣ (d × d), u_k (d_k entries at
     * uChain[chain[k]]), â_k (d_{k−1} entries at aHatAt[k − 1] of aHatSrc) and the norms ‖a_k‖, ‖u_k‖.
     */
    public void load(double[] w, double[] sigmaSrc, double twoC, double[] uChain, int[] chain,
                     double[] aHatSrc, int[] aHatAt, double[] aNorms, double[] uNorms) {
        // One flat pass over the N weights: loops over rows of 5 cost more in loop control than in copying.
        for (int e = 0; e < rowAt.length; e++) {
            double v = w[e];
            wRows[rowAt[e]] = v;
            wCols[colAt[e]] = v;
        }
        for (int k = 1; k <= depth; k++) {
            int rows = widths[k];
            int cols = widths[k - 1];
            int b = PAD * (k - 1);
            for (int i = 0; i < rows; i++) {
                u[b + i] = uChain[chain[k] + i];
            }
            for (int j = 0; j < cols; j++) {
                aHat[b + j] = aHatSrc[aHatAt[k - 1] + j];
                gy[b + j] = -uNorms[k - 1] * aHat[b + j];
            }
            aNorm[k - 1] = aNorms[k - 1];
            uNorm[k - 1] = uNorms[k - 1];
        }
        int d = widths[0];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                sigma[PAD * i + j] = sigmaSrc[i * d + j];
            }
        }
        this.twoC = twoC;
    }

    /**
     * out = the product for coordinates c (length m); layer k's x (d_k entries) at coord[k − 1] and its y (d_{k−1})
     * after it. Backward: u̇_{k−1} = ‖u_k‖y + coef_k â_k + W_kᵀu̇_k with coef_k = x·u_k − ‖u_k‖ y·â_k; ȧ_1 = 2cΣu̇_0;
     * forward: ȧ_{k+1} = ‖a_k‖x + W_k ȧ_k; output x = ‖a_k‖u̇_k + t_k u_k, y = ‖u_k‖(ȧ_k − t_k â_k), t_k = ȧ_k·â_k.
     * <p>
     * A layer's x and y are read as {@value #PAD}-lane blocks straight from c, the lanes past their width holding the
     * next coordinates: they meet only zero lanes of u, â, −‖u‖â and the padded weights, or land in lanes that are
     * never read (finite c assumed: a non-finite entry spoils the product anyway). Blocks are written straight into
     * out in increasing order, each one's extra lanes overwritten by the next. Blocks that would run past the end
     * (the last layer's) go through padded copies.
     */
    public void apply(double[] c, int[] coord, double[] out) {
        int m = Math.min(c.length, out.length);
        for (int k = depth; k >= 1; k--) {
            int b = PAD * (k - 1);
            int x = coord[k - 1];
            int y = x + widths[k];
            double[] src = c;
            if (y + PAD > m) {
                src = cPad;
                x = 2 * b;
                y = x + PAD;
                System.arraycopy(c, coord[k - 1], cPad, x, widths[k]);
                System.arraycopy(c, coord[k - 1] + widths[k], cPad, y, widths[k - 1]);
            }
            double coef = chain(src, y, gy, b, widths[k - 1], chain(src, x, u, b, widths[k], 0));
            DoubleVector yLo = DoubleVector.fromArray(S, src, y);
            DoubleVector yHi = DoubleVector.fromArray(S, src, y + H);
            double un = uNorm[k - 1];
            DoubleVector co = DoubleVector.broadcast(S, coef);
            DoubleVector oLo = DoubleVector.fromArray(S, aHat, b).fma(co, yLo.mul(un));
            DoubleVector oHi = DoubleVector.fromArray(S, aHat, b + H).fma(co, yHi.mul(un));
            if (k < depth) {
                int r = PAD * rowStart[k - 1];
                int ud = PAD * k;
                for (int i = 0, rows = widths[k]; i < rows; i++, r += PAD) {
                    DoubleVector xi = DoubleVector.broadcast(S, uDot[ud + i]);
                    oLo = DoubleVector.fromArray(S, wRows, r).fma(xi, oLo);
                    oHi = DoubleVector.fromArray(S, wRows, r + H).fma(xi, oHi);
                }
            }
            oLo.intoArray(uDot, b);
            oHi.intoArray(uDot, b + H);
        }
        DoubleVector gLo = DoubleVector.zero(S);
        DoubleVector gHi = gLo;
        for (int i = 0, d = widths[0], r = 0; i < d; i++, r += PAD) {
            DoubleVector x = DoubleVector.broadcast(S, uDot[i]);
            gLo = DoubleVector.fromArray(S, sigma, r).fma(x, gLo);
            gHi = DoubleVector.fromArray(S, sigma, r + H).fma(x, gHi);
        }
        gLo.mul(twoC).intoArray(aDot, 0);
        gHi.mul(twoC).intoArray(aDot, H);
        for (int k = 1; k <= depth; k++) {
            int b = PAD * (k - 1);
            int rows = widths[k];
            int x = coord[k - 1];
            int y = x + rows;
            boolean direct = y + PAD <= m;
            double[] src = direct ? c : cPad;
            double[] dst = direct ? out : outPad;
            if (!direct) {
                x = 2 * b;
                y = x + PAD;
            }
            int cols = widths[k - 1];
            double t = chain(aDot, b, aHat, b, cols, 0);
            DoubleVector un = DoubleVector.broadcast(S, uNorm[k - 1]);
            DoubleVector an = DoubleVector.broadcast(S, aNorm[k - 1]);
            DoubleVector.fromArray(S, uDot, b + PAD).fma(an, DoubleVector.fromArray(S, u, b).mul(t)).intoArray(dst, x);
            DoubleVector.fromArray(S, uDot, b + PAD + H).fma(an, DoubleVector.fromArray(S, u, b + H).mul(t))
                    .intoArray(dst, x + H);
            DoubleVector.fromArray(S, aDot, b).fma(un, DoubleVector.fromArray(S, gy, b).mul(t)).intoArray(dst, y);
            DoubleVector.fromArray(S, aDot, b + H).fma(un, DoubleVector.fromArray(S, gy, b + H).mul(t))
                    .intoArray(dst, y + H);
            if (k < depth) {
                forwardLink(src, x, aNorm[k - 1], PAD * colStart[k - 1], cols, b);
            }
            if (!direct) {
                System.arraycopy(outPad, x, out, coord[k - 1], rows);
                System.arraycopy(outPad, y, out, coord[k - 1] + rows, widths[k - 1]);
            }
        }
    }

    /**
     * acc + Σ_{i<n} a_i b_i as one multiply–add chain in increasing i (n ≤ {@value #PAD}), as the general path's loops
     * do; straight-line, as loops over 5 entries cost more in loop control than in arithmetic.
     */
    private static double chain(double[] a, int aOff, double[] b, int bOff, int n, double acc) {
        double s = acc;
        if (n > 0) {
            s = Math.fma(a[aOff], b[bOff], s);
            if (n > 1) {
                s = Math.fma(a[aOff + 1], b[bOff + 1], s);
                if (n > 2) {
                    s = Math.fma(a[aOff + 2], b[bOff + 2], s);
                    if (n > 3) {
                        s = Math.fma(a[aOff + 3], b[bOff + 3], s);
                        if (n > 4) {
                            s = Math.fma(a[aOff + 4], b[bOff + 4], s);
                            if (n > 5) {
                                s = Math.fma(a[aOff + 5], b[bOff + 5], s);
                                if (n > 6) {
                                    s = Math.fma(a[aOff + 6], b[bOff + 6], s);
                                    if (n > 7) {
                                        s = Math.fma(a[aOff + 7], b[bOff + 7], s);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return s;
    }

    /**
     * ȧ_{k+1} = ‖a_k‖x + W_k ȧ_k into aDot's next block, W_k ȧ_k by columns of W_k (r: the first, cols of them) with
     * the canonical dot product of {@link KernelImpl} in every lane: column j goes into the sum s_{j mod 4}, then
     * (s_0 + s_1) + (s_2 + s_3); so the lanes are bitwise the general path's row dot products.
     */
    private void forwardLink(double[] src, int x, double an, int r, int cols, int b) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector d0 = DoubleVector.broadcast(S, aDot[b]);
        DoubleVector s0Lo = DoubleVector.fromArray(S, wCols, r).fma(d0, z);
        DoubleVector s0Hi = DoubleVector.fromArray(S, wCols, r + H).fma(d0, z);
        DoubleVector s1Lo = z;
        DoubleVector s1Hi = z;
        DoubleVector s2Lo = z;
        DoubleVector s2Hi = z;
        DoubleVector s3Lo = z;
        DoubleVector s3Hi = z;
        if (cols > 1) {
            DoubleVector d = DoubleVector.broadcast(S, aDot[b + 1]);
            s1Lo = DoubleVector.fromArray(S, wCols, r + PAD).fma(d, z);
            s1Hi = DoubleVector.fromArray(S, wCols, r + PAD + H).fma(d, z);
            if (cols > 2) {
                d = DoubleVector.broadcast(S, aDot[b + 2]);
                s2Lo = DoubleVector.fromArray(S, wCols, r + 2 * PAD).fma(d, z);
                s2Hi = DoubleVector.fromArray(S, wCols, r + 2 * PAD + H).fma(d, z);
                if (cols > 3) {
                    d = DoubleVector.broadcast(S, aDot[b + 3]);
                    s3Lo = DoubleVector.fromArray(S, wCols, r + 3 * PAD).fma(d, z);
                    s3Hi = DoubleVector.fromArray(S, wCols, r + 3 * PAD + H).fma(d, z);
                    if (cols > 4) {
                        d = DoubleVector.broadcast(S, aDot[b + 4]);
                        s0Lo = DoubleVector.fromArray(S, wCols, r + 4 * PAD).fma(d, s0Lo);
                        s0Hi = DoubleVector.fromArray(S, wCols, r + 4 * PAD + H).fma(d, s0Hi);
                        if (cols > 5) {
                            d = DoubleVector.broadcast(S, aDot[b + 5]);
                            s1Lo = DoubleVector.fromArray(S, wCols, r + 5 * PAD).fma(d, s1Lo);
                            s1Hi = DoubleVector.fromArray(S, wCols, r + 5 * PAD + H).fma(d, s1Hi);
                            if (cols > 6) {
                                d = DoubleVector.broadcast(S, aDot[b + 6]);
                                s2Lo = DoubleVector.fromArray(S, wCols, r + 6 * PAD).fma(d, s2Lo);
                                s2Hi = DoubleVector.fromArray(S, wCols, r + 6 * PAD + H).fma(d, s2Hi);
                                if (cols > 7) {
                                    d = DoubleVector.broadcast(S, aDot[b + 7]);
                                    s3Lo = DoubleVector.fromArray(S, wCols, r + 7 * PAD).fma(d, s3Lo);
                                    s3Hi = DoubleVector.fromArray(S, wCols, r + 7 * PAD + H).fma(d, s3Hi);
                                }
                            }
                        }
                    }
                }
            }
        }
        DoubleVector.fromArray(S, src, x).mul(an).add(s0Lo.add(s1Lo).add(s2Lo.add(s3Lo))).intoArray(aDot, b + PAD);
        DoubleVector.fromArray(S, src, x + H).mul(an).add(s0Hi.add(s1Hi).add(s2Hi.add(s3Hi)))
                .intoArray(aDot, b + PAD + H);
    }
}
