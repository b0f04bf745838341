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

    /** y = Wᵀ x (cols entries), W rows × cols at w[off ..]; x at outAt, y at inAt (see {@link LayerPasses}). */
    @Override
    public void transMult(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] x, double[] y) {
        transMult(w, off, rows, cols, inAt, outAt, x, y, false);
    }

    /** y += Wᵀ x: each column sum starts from the present y_j. */
    public void transMultAdd(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] x, double[] y) {
        transMult(w, off, rows, cols, inAt, outAt, x, y, true);
    }

    private void transMult(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] x, double[] y,
                           boolean add) {
        if (cols <= SmallKernels.MAX_COLS) {
            SmallKernels.transMult(w, off, rows, cols, x, outAt, y, inAt, add);
            return;
        }
        int per = colsPerBlock(rows, cols);
        if (per >= cols) {
            k.transMult(w, off, rows, cols, 0, cols, x, outAt, y, inAt, add);
            return;
        }
        Pass p = pass.set(TRANS_MULT, w, off, rows, cols, inAt, outAt, per);
        p.x = x;
        p.y = y;
        p.add = add;
        Parallel.run(p, blocks(cols, per));
        p.clear();
    }

    /** y = W x (rows entries); x at inAt, y at outAt. */
    @Override
    public void mult(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] x, double[] y) {
        mult(w, off, rows, cols, inAt, outAt, x, y, false);
    }

    /** y += W x: each row's dot product added to the present y_i. */
    public void multAdd(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] x, double[] y) {
        mult(w, off, rows, cols, inAt, outAt, x, y, true);
    }

    private void mult(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] x, double[] y,
                      boolean add) {
        int per = rowsPerBlock(rows, cols);
        if (per >= rows) {
            mult(w, off, cols, 0, rows, inAt, outAt, x, y, add);
            return;
        }
        Pass p = pass.set(MULT, w, off, rows, cols, inAt, outAt, per);
        p.x = x;
        p.y = y;
        p.add = add;
        Parallel.run(p, blocks(rows, per));
        p.clear();
    }

    /** Σx = Σᵀx: the column-sum pass, which streams faster than row dot products. */
    @Override
    public void symmetricMult(double[] s, int n, double[] x, int xOff, double[] y, int yOff) {
        transMult(s, 0, n, n, yOff, xOff, x, y);
    }

    /** W ← W − η u xᵀ: w_ij = fma(−η u_i, x_j, w_ij), as {@link #multRankOne} updates. */
    @Override
    public void rankOneUpdate(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] x, double eta,
                              double[] u) {
        for (int i = 0; i < rows; i++) {
            int r = off + i * cols;
            double c = -eta * u[outAt + i];
            for (int j = 0; j < cols; j++) {
                w[r + j] = Math.fma(c, x[inAt + j], w[r + j]);
            }
        }
    }

    /** y = W x with the old W, then W ← W − η u xᵀ, in one pass over W. */
    @Override
    public void multRankOne(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] x, double[] y,
                            double eta, double[] u) {
        int per = rowsPerBlock(rows, cols);
        if (per >= rows) {
            multRankOne(w, off, cols, 0, rows, inAt, outAt, x, y, eta, u);
            return;
        }
        Pass p = pass.set(MULT_RANK_ONE, w, off, rows, cols, inAt, outAt, per);
        p.x = x;
        p.y = y;
        p.eta = eta;
        p.u = u;
        Parallel.run(p, blocks(rows, per));
        p.clear();
    }

    /**
     * Backward pass of an HVP, reading V_k and W_k once: y = V_kᵀ u_k + W_kᵀ u̇_k (cols entries) and
     * va = V_k a_k (rows entries).
     */
    @Override
    public void hvpBackward(double[] v, double[] w, int off, int rows, int cols, int inAt, int outAt, double[] u,
                            double[] ud, double[] a, double[] y, double[] va) {
        if (cols <= SmallKernels.MAX_COLS) {
            SmallKernels.hvpBackward(v, w, off, rows, cols, u, outAt, ud, outAt, a, inAt, y, inAt, va, outAt);
            return;
        }
        int per = colsPerBlock(rows, cols);
        if (per >= cols) {
            k.hvpBackward(v, w, off, rows, cols, 0, cols, u, outAt, ud, outAt, a, inAt, y, inAt, va, outAt);
            return;
        }
        int nb = blocks(cols, per);
        if (partial.length < nb * rows) {
            partial = new double[nb * rows];
        }
        Pass p = pass.set(HVP_BACKWARD, w, off, rows, cols, inAt, outAt, per);
        p.v = v;
        p.u = u;
        p.ud = ud;
        p.a = a;
        p.y = y;
        Parallel.run(p, nb);
        p.clear();
        // V_k a_k: the column blocks' partial sums, added in block order.
        for (int i = 0; i < rows; i++) {
            double s = partial[i];
            for (int b = 1; b < nb; b++) {
                s += partial[b * rows + i];
            }
            va[outAt + i] = s;
        }
    }

    /**
     * Forward pass of an HVP, reading W_k once and writing (HV)_k: next = va + W_k ȧ_k (skipped when next is null)
     * and (HV)_k = u̇_k a_kᵀ + u_k ȧ_kᵀ at hv[off ..].
     */
    @Override
    public void hvpForward(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] ad, double[] va,
                           double[] next, double[] ud, double[] u, double[] a, double[] hv) {
        int per = rowsPerBlock(rows, cols);
        if (per >= rows) {
            hvpForward(w, off, cols, 0, rows, inAt, outAt, ad, va, next, ud, u, a, hv);
            return;
        }
        Pass p = pass.set(HVP_FORWARD, w, off, rows, cols, inAt, outAt, per);
        p.x = ad;
        p.va = va;
        p.y = next;
        p.ud = ud;
        p.u = u;
        p.a = a;
        p.v = hv;
        Parallel.run(p, blocks(rows, per));
        p.clear();
    }

    /** g = u aᵀ (rows × cols) at g[off ..]. */
    @Override
    public void outer(double[] g, int off, int rows, int cols, int inAt, int outAt, double[] u, double[] a) {
        int per = rowsPerBlock(rows, cols);
        if (per >= rows) {
            k.outer(g, off, cols, 0, rows, u, outAt, a, inAt);
            return;
        }
        Pass p = pass.set(OUTER, g, off, rows, cols, inAt, outAt, per);
        p.u = u;
        p.a = a;
        Parallel.run(p, blocks(rows, per));
        p.clear();
    }

    /**
     * ‖u aᵀ‖² = ‖u‖²‖a‖². This runs every GD step, so on the kernels' dot product (a plain running sum is a chain of
     * dependent adds: at width 20, depth 5 it made a GD step 9 % slower).
     */
    @Override
    public double outerNormSq(int rows, int cols, int inAt, int outAt, double[] u, double[] a) {
        return Kernels.forDot(rows).dot(u, outAt, u, outAt, rows)
                * Kernels.forDot(cols).dot(a, inAt, a, inAt, cols);
    }

    private void mult(double[] w, int off, int cols, int i0, int i1, int inAt, int outAt, double[] x, double[] y,
                      boolean add) {
        if (cols <= SmallKernels.MAX_COLS) {
            SmallKernels.mult(w, off, cols, i0, i1, x, inAt, y, outAt, add);
        } else {
            k.mult(w, off, cols, i0, i1, x, inAt, y, outAt, add);
        }
    }

    private void multRankOne(double[] w, int off, int cols, int i0, int i1, int inAt, int outAt, double[] x,
                             double[] y, double eta, double[] u) {
        if (cols <= SmallKernels.MAX_COLS) {
            SmallKernels.multRankOne(w, off, cols, i0, i1, x, inAt, y, outAt, eta, u, outAt);
        } else {
            k.multRankOne(w, off, cols, i0, i1, x, inAt, y, outAt, eta, u, outAt);
        }
    }

    private void hvpForward(double[] w, int off, int cols, int i0, int i1, int inAt, int outAt, double[] ad,
                            double[] va, double[] next, double[] ud, double[] u, double[] a, double[] hv) {
        if (cols <= SmallKernels.MAX_COLS) {
            SmallKernels.hvpForward(w, off, cols, i0, i1, ad, inAt, va, outAt, next, outAt, ud, outAt, u, outAt,
                    a, inAt, hv);
        } else {
            k.hvpForward(w, off, cols, i0, i1, ad, inAt, va, outAt, next, outAt, ud, outAt, u, outAt, a, inAt, hv);
        }
    }

    /** The arguments of the pass in flight; reused, so that a pass allocates nothing. */
    private final class Pass implements Parallel.Job {
        int kind;
        double[] w;
        int off;
        int rows;
        int cols;
        int inAt;
        int outAt;
        int per;
        double[] x;
        double[] y;
        double eta;
        boolean add;
        double[] u;
        double[] ud;
        double[] a;
        double[] v;
        double[] va;

        Pass set(int kind, double[] w, int off, int rows, int cols, int inAt, int outAt, int per) {
            this.kind = kind;
            this.w = w;
            this.off = off;
            this.rows = rows;
            this.cols = cols;
            this.inAt = inAt;
            this.outAt = outAt;
            this.per = per;
            this.add = false;
            return this;
        }

        /** Drops the references to the caller's arrays. */
        void clear() {
            w = null;
            x = null;
            y = null;
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
                    k.transMult(w, off, rows, cols, j0, Math.min(cols, j0 + per), x, outAt, y, inAt, add);
                }
                case MULT -> {
                    int i0 = b * per;
                    mult(w, off, cols, i0, Math.min(rows, i0 + per), inAt, outAt, x, y, add);
                }
                case MULT_RANK_ONE -> {
                    int i0 = b * per;
                    multRankOne(w, off, cols, i0, Math.min(rows, i0 + per), inAt, outAt, x, y, eta, u);
                }
                case HVP_BACKWARD -> {
                    int j0 = b * per;
                    k.hvpBackward(v, w, off, rows, cols, j0, Math.min(cols, j0 + per), u, outAt, ud, outAt, a, inAt,
                            y, inAt, partial, b * rows);
                }
                case HVP_FORWARD -> {
                    int i0 = b * per;
                    hvpForward(w, off, cols, i0, Math.min(rows, i0 + per), inAt, outAt, x, va, y, ud, u, a, v);
                }
                case OUTER -> {
                    int i0 = b * per;
                    k.outer(w, off, cols, i0, Math.min(rows, i0 + per), u, outAt, a, inAt);
                }
                default -> throw new IllegalStateException("unknown pass " + kind);
            }
        }
    }
}
