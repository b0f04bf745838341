package org.dlnlab.model;

import java.util.Arrays;

/**
 * The architecture x ↦ P W_L ⋯ W_1 x of a deep linear network: widths d_0..d_L, W_k ∈ R^{d_k×d_{k−1}}, and an
 * optional fixed output projection P ∈ R^{p×d_L} (the residual variant's qᵀ). Without projection p = d_L.
 * The parameters are one flat row-major buffer, W_1 first; this class only knows where each layer lives,
 * so optimizers, HVPs and Lanczos all work on plain {@code double[]} vectors.
 */
public final class DeepLinearNet implements Model {
    private final int[] widths;
    private final int[] offsets;
    private final double[] projection;
    private final int outputs;

    private DeepLinearNet(int[] widths, double[] projection) {
        if (widths.length < 2) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        for (int w : widths) {
            if (w <= 0) {
                throw new IllegalArgumentException("widths must be positive: " + Arrays.toString(widths));
            }
        }
        this.widths = widths.clone();
        this.offsets = new int[widths.length];
        long total = 0;
        for (int k = 1; k < widths.length; k++) {
            offsets[k - 1] = (int) total;
            total += (long) widths[k] * widths[k - 1];
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("more than 2^31 parameters");
            }
        }
        offsets[widths.length - 1] = (int) total;
        int dL = widths[widths.length - 1];
        if (projection != null) {
            if (projection.length % dL != 0) {
                throw new IllegalArgumentException("projection length must be a multiple of d_L = " + dL);
            }
            this.projection = projection.clone();
            this.outputs = projection.length / dL;
        } else {
            this.projection = null;
            this.outputs = dL;
        }
    }

    /** A plain network with the given widths d_0..d_L (d_L = number of outputs). */
    public static DeepLinearNet of(int... widths) {
        return new DeepLinearNet(widths, null);
    }

    /** The paper's architecture: depth L, input d, hidden width h, p outputs (widths d, h, …, h, p). */
    public static DeepLinearNet standard(int d, int hidden, int depth, int p) {
        int[] w = new int[depth + 1];
        Arrays.fill(w, hidden);
        w[0] = d;
        w[depth] = p;
        return new DeepLinearNet(w, null);
    }

    /** Residual variant: L square d×d layers followed by the fixed projection P (p×d row-major). */
    public static DeepLinearNet residual(int d, int depth, double[] projection) {
        int[] w = new int[depth + 1];
        Arrays.fill(w, d);
        return new DeepLinearNet(w, projection);
    }

    @Override
    public int depth() {
        return widths.length - 1;
    }

    /** d_k for k = 0..L. */
    @Override
    public int width(int k) {
        return widths[k];
    }

    public int[] widths() {
        return widths.clone();
    }

    @Override
    public int inputs() {
        return widths[0];
    }

    @Override
    public int outputs() {
        return outputs;
    }

    /** N = Σ_k d_k d_{k−1}. */
    @Override
    public int parameterCount() {
        return offsets[widths.length - 1];
    }

    /** Where W_k (k = 1..L) starts in the flat buffer. */
    @Override
    public int offset(int k) {
        return offsets[k - 1];
    }

    /** Rows of W_k, i.e. d_k. */
    @Override
    public int rows(int k) {
        return widths[k];
    }

    /** Columns of W_k, i.e. d_{k−1}. */
    @Override
    public int cols(int k) {
        return widths[k - 1];
    }

    public boolean hasProjection() {
        return projection != null;
    }

    /** The fixed projection P (p×d_L row-major), or null for a plain network. */
    public double[] projection() {
        return projection == null ? null : projection.clone();
    }

    /** Largest d_k, the size of the chain work buffers per output. */
    public int maxWidth() {
        return Arrays.stream(widths).max().orElseThrow();
    }

    /** Copy of layer k as a rows×cols array of rows. */
    public double[][] layer(double[] params, int k) {
        double[][] m = new double[rows(k)][cols(k)];
        for (int i = 0; i < rows(k); i++) {
            System.arraycopy(params, offset(k) + i * cols(k), m[i], 0, cols(k));
        }
        return m;
    }

    @Override
    public String toString() {
        return "DeepLinearNet" + Arrays.toString(widths) + (projection != null ? "+projection" : "");
    }
}
