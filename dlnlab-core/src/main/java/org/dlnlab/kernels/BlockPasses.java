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
    public void transMult(double[] w, int off, int rows, int cols, double[] x, int xOff, double[] out, int oOff) {
        Blocks.multTransA(w, off, rows, cols, x, xOff, p, out, oOff);
    }

    @Override
    public void mult(double[] w, int off, int rows, int cols, double[] x, int xOff, double[] out, int oOff) {
        Blocks.mult(w, off, rows, cols, x, xOff, p, out, oOff);
    }

    @Override
    public void symmetricMult(double[] s, int n, double[] x, int xOff, double[] out, int oOff) {
        Blocks.mult(s, 0, n, n, x, xOff, p, out, oOff);
    }

    @Override
    public void multRankOne(double[] w, int off, int rows, int cols, double[] x, int xOff, double[] out, int oOff,
                            double eta, double[] u, int uOff) {
        Blocks.multThenRankUpdate(w, off, rows, cols, x, xOff, p, out, oOff, eta, u, uOff);
    }

    /** V_k a_k is computed here (for every layer, the last one's unused) so that the forward pass needs no V. */
    @Override
    public void hvpBackward(double[] v, double[] w, int off, int rows, int cols, double[] u, int uOff, double[] ud,
                            int udOff, double[] a, int aOff, double[] out, int oOff, double[] va, int vaOff) {
        Blocks.multTransA(v, off, rows, cols, u, uOff, p, out, oOff);
        Blocks.multAddTransA(w, off, rows, cols, ud, udOff, p, out, oOff);
        Blocks.mult(v, off, rows, cols, a, aOff, p, va, vaOff);
    }

    @Override
    public void hvpForward(double[] w, int off, int rows, int cols, double[] ad, int adOff, double[] va, int vaOff,
                           double[] next, int nextOff, double[] ud, int udOff, double[] u, int uOff, double[] a,
                           int aOff, double[] hv) {
        Blocks.outer(1.0, ud, udOff, a, aOff, rows, cols, p, 0.0, hv, off);
        Blocks.outer(1.0, u, uOff, ad, adOff, rows, cols, p, 1.0, hv, off);
        if (next != null) {
            System.arraycopy(va, vaOff, next, nextOff, rows * p);
            Blocks.multAdd(w, off, rows, cols, ad, adOff, p, next, nextOff);
        }
    }

    @Override
    public void outer(double[] out, int off, int rows, int cols, double[] u, int uOff, double[] a, int aOff) {
        Blocks.outer(1.0, u, uOff, a, aOff, rows, cols, p, 0.0, out, off);
    }

    /** ⟨uᵀu, aᵀa⟩ (O((rows + cols) p²)), or entry by entry where that Gram form has cancelled. */
    @Override
    public double outerNormSq(double[] u, int uOff, int rows, double[] a, int aOff, int cols) {
        double layer = 0;
        double magnitude = 0;
        for (int q = 0; q < p; q++) {
            for (int r = 0; r < p; r++) {
                double uu = 0;
                for (int i = 0; i < rows; i++) {
                    uu += u[uOff + i * p + q] * u[uOff + i * p + r];
                }
                double aa = 0;
                for (int j = 0; j < cols; j++) {
                    aa += a[aOff + j * p + q] * a[aOff + j * p + r];
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
                    g += u[uOff + i * p + q] * a[aOff + j * p + q];
                }
                s += g * g;
            }
        }
        return s;
    }
}
