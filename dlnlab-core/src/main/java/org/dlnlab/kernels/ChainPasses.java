package org.dlnlab.kernels;

/**
 * The one-output (p = 1) passes over one layer of a deep linear chain, each reading the layer once: the backward
 * product Wᵀx, the forward product Wx, the GD step's forward product fused with its rank-one update, and the two
 * passes of a Hessian–vector product. Large layers are split into blocks by their size alone — forward passes by
 * rows, backward passes by columns, both of which leave every output's arithmetic unchanged — and the blocks run
 * on {@link Parallel}; the one partial sum that crosses column blocks (V_k a_k in the HVP) is combined in block
 * order. So results are bitwise the same for any thread count.
 * <p>
 * The {@link LayerPasses} of one-output objectives; also used directly, with its accumulating variants, by the
 * one-output {@code ReducedHessian}. One instance per user (it holds scratch space); not thread-safe;
 * allocation-free after the first call.
 */
public final class ChainPasses implements LayerPasses {
    /** Layers with fewer entries run as one block on the calling thread. */
    public static final int PARALLEL_MIN_ENTRIES = 1 << 18;
    /** Entries per row block of a forward pass. */
    static final int ROW_BLOCK_ENTRIES = 1 << 15;
    /** Entries per column block of a backward pass, and its least width (a multiple of the 16 lanes). */
    static final int COL_BLOCK_ENTRIES = 1 << 17;
    static final int COL_BLOCK_MIN = 256;

    private static final int TRANS_MULT = 0;
    private static final int MULT = 1;
    private static final int MULT_RANK_ONE = 2;
    private static final int HVP_BACKWARD = 3;
    private static final int HVP_FORWARD = 4;
    private static final int OUTER = 5;

    private final KernelImpl k = Kernels.IMPL;
    private final Pass pass = new Pass();
    private double[] partial = new double[0];

    /** Number of rows in each block of a forward pass over a rows × cols layer. */
    static int rowsPerBlock(int rows, int cols) {
        if ((long) rows * cols < PARALLEL_MIN_ENTRIES) {
            return rows;
        }
        return Math.max(1, ROW_BLOCK_ENTRIES / cols);
    }

    /** Number of columns in each block of a backward pass over a rows × cols layer (a multiple of 16 but the last). */
    static int colsPerBlock(int rows, int cols) {
        if ((long) rows * cols < PARALLEL_MIN_ENTRIES) {
            return cols;
        }
        int c = Math.max(COL_BLOCK_MIN, (COL_BLOCK_ENTRIES / rows + 15) & ~15);
        return Math.min(c, cols);
    }

    private static int blocks(int n, int perBlock) {
        return (n + perBlock - 1) / perBlock;
    }

    /** out = Wᵀ x (cols entries), W rows × cols at w[off ..]. */
    @Override
    public void transMult(double[] w, int off, int rows, int cols, double[] x, int xOff, double[] out, int oOff) {
        transMult(w, off, rows, cols, x, xOff, out, oOff, false);
    }

    /** out += Wᵀ x: each column sum starts from the present out_j. */
    public void transMultAdd(double[] w, int off, int rows, int cols, double[] x, int xOff, double[] out, int oOff) {
        transMult(w, off, rows, cols, x, xOff, out, oOff, true);
    }

    private void transMult(double[] w, int off, int rows, int cols, double[] x, int xOff, double[] out, int oOff,
                           boolean add) {
        if (cols <= SmallKernels.MAX_COLS) {
            SmallKernels.transMult(w, off, rows, cols, x, xOff, out, oOff, add);
            return;
        }
        int per = colsPerBlock(rows, cols);
        if (per >= cols) {
            k.transMult(w, off, rows, cols, 0, cols, x, xOff, out, oOff, add);
            return;
        }
        Pass p = pass.set(TRANS_MULT, w, off, rows, cols, per);
        p.x = x;
        p.xOff = xOff;
        p.out = out;
        p.oOff = oOff;
        p.add = add;
        Parallel.run(p, blocks(cols, per));
        p.clear();
    }

    /** out = W x (rows entries). */
    @Override
    public void mult(double[] w, int off, int rows, int cols, double[] x, int xOff, double[] out, int oOff) {
        mult(w, off, rows, cols, x, xOff, out, oOff, false);
    }

    /** out += W x: each row's dot product added to the present out_i. */
    public void multAdd(double[] w, int off, int rows, int cols, double[] x, int xOff, double[] out, int oOff) {
        mult(w, off, rows, cols, x, xOff, out, oOff, true);
    }

    private void mult(double[] w, int off, int rows, int cols, double[] x, int xOff, double[] out, int oOff,
                      boolean add) {
        int per = rowsPerBlock(rows, cols);
        if (per >= rows) {
            mult(w, off, cols, 0, rows, x, xOff, out, oOff, add);
            return;
        }
        Pass p = pass.set(MULT, w, off, rows, cols, per);
        p.x = x;
        p.xOff = xOff;
        p.out = out;
        p.oOff = oOff;
        p.add = add;
        Parallel.run(p, blocks(rows, per));
        p.clear();
    }

    /** Σx = Σᵀx: the column-sum pass, which streams faster than row dot products. */
    @Override
    public void symmetricMult(double[] s, int n, double[] x, int xOff, double[] out, int oOff) {
        transMult(s, 0, n, n, x, xOff, out, oOff);
    }

    /** out = W x with the old W, then W ← W − η u xᵀ, in one pass over W. */
    @Override
    public void multRankOne(double[] w, int off, int rows, int cols, double[] x, int xOff, double[] out, int oOff,
                            double eta, double[] u, int uOff) {
        int per = rowsPerBlock(rows, cols);
        if (per >= rows) {
            multRankOne(w, off, cols, 0, rows, x, xOff, out, oOff, eta, u, uOff);
            return;
        }
        Pass p = pass.set(MULT_RANK_ONE, w, off, rows, cols, per);
        p.x = x;
        p.xOff = xOff;
        p.out = out;
        p.oOff = oOff;
        p.eta = eta;
        p.u = u;
        p.uOff = uOff;
        Parallel.run(p, blocks(rows, per));
        p.clear();
    }

    /**
     * Backward pass of an HVP, reading V_k and W_k once: out = V_kᵀ u_k + W_kᵀ u̇_k (cols entries) and
     * va = V_k a_k (rows entries).
     */
    @Override
    public void hvpBackward(double[] v, double[] w, int off, int rows, int cols, double[] u, int uOff, double[] ud,
                            int udOff, double[] a, int aOff, double[] out, int oOff, double[] va, int vaOff) {
        if (cols <= SmallKernels.MAX_COLS) {
            SmallKernels.hvpBackward(v, w, off, rows, cols, u, uOff, ud, udOff, a, aOff, out, oOff, va, vaOff);
            return;
        }
        int per = colsPerBlock(rows, cols);
        if (per >= cols) {
            k.hvpBackward(v, w, off, rows, cols, 0, cols, u, uOff, ud, udOff, a, aOff, out, oOff, va, vaOff);
            return;
        }
        int nb = blocks(cols, per);
        if (partial.length < nb * rows) {
            partial = new double[nb * rows];
        }
        Pass p = pass.set(HVP_BACKWARD, w, off, rows, cols, per);
        p.v = v;
        p.u = u;
        p.uOff = uOff;
        p.ud = ud;
        p.udOff = udOff;
        p.a = a;
        p.aOff = aOff;
        p.out = out;
        p.oOff = oOff;
        Parallel.run(p, nb);
        p.clear();
        // V_k a_k: the column blocks' partial sums, added in block order.
        for (int i = 0; i < rows; i++) {
            double s = partial[i];
            for (int b = 1; b < nb; b++) {
                s += partial[b * rows + i];
            }
            va[vaOff + i] = s;
        }
    }

    /**
     * Forward pass of an HVP, reading W_k once and writing (HV)_k: next = va + W_k ȧ_k (skipped when next is null)
     * and (HV)_k = u̇_k a_kᵀ + u_k ȧ_kᵀ at hv[off ..].
     */
    @Override
    public void hvpForward(double[] w, int off, int rows, int cols, double[] ad, int adOff, double[] va, int vaOff,
                           double[] next, int nextOff, double[] ud, int udOff, double[] u, int uOff, double[] a,
                           int aOff, double[] hv) {
        int per = rowsPerBlock(rows, cols);
        if (per >= rows) {
            hvpForward(w, off, cols, 0, rows, ad, adOff, va, vaOff, next, nextOff, ud, udOff, u, uOff, a, aOff, hv);
            return;
        }
        Pass p = pass.set(HVP_FORWARD, w, off, rows, cols, per);
        p.x = ad;
        p.xOff = adOff;
        p.va = va;
        p.vaOff = vaOff;
        p.out = next;
        p.oOff = nextOff;
        p.ud = ud;
        p.udOff = udOff;
        p.u = u;
        p.uOff = uOff;
        p.a = a;
        p.aOff = aOff;
        p.v = hv;
        Parallel.run(p, blocks(rows, per));
        p.clear();
    }

    /** out_k = u aᵀ (rows × cols) at out[off ..]. */
    @Override
    public void outer(double[] out, int off, int rows, int cols, double[] u, int uOff, double[] a, int aOff) {
        int per = rowsPerBlock(rows, cols);
        if (per >= rows) {
            k.outer(out, off, cols, 0, rows, u, uOff, a, aOff);
            return;
        }
        Pass p = pass.set(OUTER, out, off, rows, cols, per);
        p.u = u;
        p.uOff = uOff;
        p.a = a;
        p.aOff = aOff;
        Parallel.run(p, blocks(rows, per));
        p.clear();
    }

    /**
     * ‖u aᵀ‖² = ‖u‖²‖a‖². This runs every GD step, so on the kernels' dot product (a plain running sum is a chain of
     * dependent adds: at width 20, depth 5 it made a GD step 9 % slower).
     */
    @Override
    public double outerNormSq(double[] u, int uOff, int rows, double[] a, int aOff, int cols) {
        return k.dot(u, uOff, u, uOff, rows) * k.dot(a, aOff, a, aOff, cols);
    }

    private void mult(double[] w, int off, int cols, int i0, int i1, double[] x, int xOff, double[] out, int oOff,
                      boolean add) {
        if (cols <= SmallKernels.MAX_COLS) {
            SmallKernels.mult(w, off, cols, i0, i1, x, xOff, out, oOff, add);
        } else {
            k.mult(w, off, cols, i0, i1, x, xOff, out, oOff, add);
        }
    }

    private void multRankOne(double[] w, int off, int cols, int i0, int i1, double[] x, int xOff, double[] out,
                             int oOff, double eta, double[] u, int uOff) {
        if (cols <= SmallKernels.MAX_COLS) {
            SmallKernels.multRankOne(w, off, cols, i0, i1, x, xOff, out, oOff, eta, u, uOff);
        } else {
            k.multRankOne(w, off, cols, i0, i1, x, xOff, out, oOff, eta, u, uOff);
        }
    }

    private void hvpForward(double[] w, int off, int cols, int i0, int i1, double[] ad, int adOff, double[] va,
                            int vaOff, double[] next, int nextOff, double[] ud, int udOff, double[] u, int uOff,
                            double[] a, int aOff, double[] hv) {
        if (cols <= SmallKernels.MAX_COLS) {
            SmallKernels.hvpForward(w, off, cols, i0, i1, ad, adOff, va, vaOff, next, nextOff, ud, udOff, u, uOff,
                    a, aOff, hv);
        } else {
            k.hvpForward(w, off, cols, i0, i1, ad, adOff, va, vaOff, next, nextOff, ud, udOff, u, uOff, a, aOff, hv);
        }
    }

    /** The arguments of the pass in flight; reused, so that a pass allocates nothing. */
    private final class Pass implements Parallel.Job {
        int kind;
        double[] w;
        int off;
        int rows;
        int cols;
        int per;
        double[] x;
        int xOff;
        double[] out;
        int oOff;
        double eta;
        boolean add;
        double[] u;
        int uOff;
        double[] ud;
        int udOff;
        double[] a;
        int aOff;
        double[] v;
        double[] va;
        int vaOff;

        Pass set(int kind, double[] w, int off, int rows, int cols, int per) {
            this.kind = kind;
            this.w = w;
            this.off = off;
            this.rows = rows;
            this.cols = cols;
            this.per = per;
            this.add = false;
            return this;
        }

        /** Drops the references to the caller's arrays. */
        void clear() {
            w = null;
            x = null;
            out = null;
            u = null;
            ud = null;
            a = null;
            v = null;
            va = null;
        }

        @Override
        public void run(int b) {
            switch (kind) {
                case TRANS_MULT -> {
                    int j0 = b * per;
                    k.transMult(w, off, rows, cols, j0, Math.min(cols, j0 + per), x, xOff, out, oOff, add);
                }
                case MULT -> {
                    int i0 = b * per;
                    mult(w, off, cols, i0, Math.min(rows, i0 + per), x, xOff, out, oOff, add);
                }
                case MULT_RANK_ONE -> {
                    int i0 = b * per;
                    multRankOne(w, off, cols, i0, Math.min(rows, i0 + per), x, xOff, out, oOff, eta, u, uOff);
                }
                case HVP_BACKWARD -> {
                    int j0 = b * per;
                    k.hvpBackward(v, w, off, rows, cols, j0, Math.min(cols, j0 + per), u, uOff, ud, udOff, a, aOff,
                            out, oOff, partial, b * rows);
                }
                case HVP_FORWARD -> {
                    int i0 = b * per;
                    hvpForward(w, off, cols, i0, Math.min(rows, i0 + per), x, xOff, va, vaOff, out, oOff, ud,
                            udOff, u, uOff, a, aOff, v);
                }
                case OUTER -> {
                    int i0 = b * per;
                    k.outer(w, off, cols, i0, Math.min(rows, i0 + per), u, uOff, a, aOff);
                }
                default -> throw new IllegalStateException("unknown pass " + kind);
            }
        }
    }
}
