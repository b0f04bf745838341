package org.dlnlab.kernels;

/**
 * The layer passes for p &gt; 1 outputs, on the generic {@link Blocks} loops: plain Java, one thread, each product a
 * separate pass over the layer (several-output nets are small: data sets with a few targets).
 */
final class BlockPasses implements LayerPasses {
    /** Relative size below which the Gram form of a layer's ‖u aᵀ‖² has lost its digits. */
    private static final double GRAM_CANCELLATION = 1e-6;

    private final int p;

    BlockPasses(int p) {
        this.p = p;
    }

    @Override
    public void transMult(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] x, double[] y) {
        Blocks.multTransA(w, off, rows, cols, x, outAt, p, y, inAt);
    }

    @Override
    public void mult(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] x, double[] y) {
        Blocks.mult(w, off, rows, cols, x, inAt, p, y, outAt);
    }

    @Override
    public void symmetricMult(double[] s, int n, double[] x, int xOff, double[] y, int yOff) {
        Blocks.mult(s, 0, n, n, x, xOff, p, y, yOff);
    }

    @Override
    public void multRankOne(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] x, double[] y,
                            double eta, double[] u) {
        Blocks.multThenRankUpdate(w, off, rows, cols, x, inAt, p, y, outAt, eta, u, outAt);
    }

    @Override
    public void rankOneUpdate(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] x, double eta,
                              double[] u) {
        Blocks.outer(-eta, u, outAt, x, inAt, rows, cols, p, 1.0, w, off);
    }

    /** V_k a_k is computed here (for every layer, the last one's unused) so that the forward pass needs no V. */
    @Override
    public void hvpBackward(double[] v, double[] w, int off, int rows, int cols, int inAt, int outAt, double[] u,
                            double[] ud, double[] a, double[] y, double[] va) {
        Blocks.multTransA(v, off, rows, cols, u, outAt, p, y, inAt);
        Blocks.multAddTransA(w, off, rows, cols, ud, outAt, p, y, inAt);
        Blocks.mult(v, off, rows, cols, a, inAt, p, va, outAt);
    }

    @Override
    public void hvpForward(double[] w, int off, int rows, int cols, int inAt, int outAt, double[] ad, double[] va,
                           double[] next, double[] ud, double[] u, double[] a, double[] hv) {
        Blocks.outer(1.0, ud, outAt, a, inAt, rows, cols, p, 0.0, hv, off);
        Blocks.outer(1.0, u, outAt, ad, inAt, rows, cols, p, 1.0, hv, off);
        if (next != null) {
            System.arraycopy(va, outAt, next, outAt, rows * p);
            Blocks.multAdd(w, off, rows, cols, ad, inAt, p, next, outAt);
        }
    }

    @Override
    public void outer(double[] g, int off, int rows, int cols, int inAt, int outAt, double[] u, double[] a) {
        Blocks.outer(1.0, u, outAt, a, inAt, rows, cols, p, 0.0, g, off);
    }

    /** ⟨uᵀu, aᵀa⟩ (O((rows + cols) p²)), or entry by entry where that Gram form has cancelled. */
    @Override
    public double outerNormSq(int rows, int cols, int inAt, int outAt, double[] u, double[] a) {
        double layer = 0;
        double magnitude = 0;
        for (int q = 0; q < p; q++) {
            for (int r = 0; r < p; r++) {
                double uu = 0;
                for (int i = 0; i < rows; i++) {
                    uu += u[outAt + i * p + q] * u[outAt + i * p + r];
                }
                double aa = 0;
                for (int j = 0; j < cols; j++) {
                    aa += a[inAt + j * p + q] * a[inAt + j * p + r];
                }
                layer += uu * aa;
                magnitude += Math.abs(uu * aa);
            }
        }
        // The Gram form cancels when the outputs' terms nearly cancel (at a saddle of a several-output net the
        // gradient is 1e-8 while each term is O(1)) and can even round below zero; then sum the block itself.
        if (layer >= GRAM_CANCELLATION * magnitude) {
            return layer;
        }
        double s = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double g = 0;
                for (int q = 0; q < p; q++) {
                    g += u[outAt + i * p + q] * a[inAt + j * p + q];
                }
                s += g * g;
            }
        }
        return s;
    }
}
