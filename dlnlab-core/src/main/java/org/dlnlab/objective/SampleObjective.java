package org.dlnlab.objective;

import org.dlnlab.curvature.Hessian;
import org.dlnlab.data.Dataset;
import org.dlnlab.model.Activation;
import org.dlnlab.model.Mlp;

/**
 * Risk, gradient and Hessian–vector product of an {@link Mlp} on the samples themselves: with an activation the data
 * no longer reduce to Σ, so every pass costs O(n·N). R = c·(1/n)Σ_i ‖y_i − f(x_i)‖², c the loss convention's
 * factor. The chains of docs/formulas.md §5, for all samples at once (each layer's quantities are n × d_k, stored transposed):
 * <pre>
 * forward:  h_0 = X, z_k = h_{k−1}W_kᵀ, h_k = σ(z_k) (k &lt; L), output P z_L (or z_L)
 * backward: r = z_L Pᵀ − Y, δ_L = (2c/n) r P, δ_k = σ′(z_k) ⊙ b_k with b_k = δ_{k+1}W_{k+1},
 *           ∂R/∂W_k = δ_kᵀ h_{k−1}
 * HVP:      ż_k = h_{k−1}V_kᵀ + ḣ_{k−1}W_kᵀ (ḣ_0 = 0), ḣ_k = σ′(z_k) ⊙ ż_k; δ̇_L = (2c/n)ż_L PᵀP,
 *           δ̇_k = σ″(z_k) ⊙ ż_k ⊙ b_k + σ′(z_k) ⊙ (δ_{k+1}V_{k+1} + δ̇_{k+1}W_{k+1}), (HV)_k = δ̇_kᵀh_{k−1} + δ_kᵀḣ_{k−1}
 * </pre>
 * {@link #setPoint} caches the forward and backward quantities, so an HVP costs two more passes. There is no
 * end-to-end matrix, so {@link #sqDistance()} is NaN.
 * <p>
 * Not thread-safe: one instance per run, all buffers allocated once; a step or HVP allocates nothing.
 */
public final class SampleObjective implements Objective {
    private final Mlp model;
    private final Activation sigma;
    private final LossConvention loss;
    /** The samples the buffers hold. */
    private final int n;
    /** The samples evaluated: n, or a mini-batch's size after {@link #useSamples}. */
    private int active;
    private final int depth;
    private final int p;
    private final double[] y;
    /** P (p × d_L), or null: the output is z_L. */
    private final double[] projection;
    private final double zeroRisk;
    /**
     * Per layer k, d_k × n, feature-major (entry j of sample i at j·n + i): every product is then a loop over the
     * samples, which the JIT vectorizes. h[0] = Xᵀ, h[L] = z[L].
     */
    private final double[][] h;
    private final double[][] z;
    /** σ′(z_k), σ″(z_k) and b_k = δ_{k+1}W_{k+1} for k &lt; L. */
    private final double[][] slope;
    private final double[][] curvature;
    private final double[][] back;
    private final double[][] delta;
    private final double[][] zDot;
    private final double[][] hDot;
    private final double[][] deltaDot;
    /** The output's residual r (n × p), and the HVP's output direction P ż_L. */
    private final double[] residual;
    private final double[] outputDot;
    private final double[] grad;
    private double[] cachedPoint;
    /** Whether σ″(z_k) is computed at the cached point (GD never needs it, so setPoint leaves it to hvp). */
    private boolean curvatureCached;
    private double risk;
    private double gradNormSq;
    private final Hessian hessian = new Hessian() {
        @Override
        public int dimension() {
            return model.parameterCount();
        }

        @Override
        public void apply(double[] v, double[] out) {
            hvp(v, out);
        }
    };

    public SampleObjective(Mlp model, Dataset data, LossConvention loss) {
        if (model.inputs() != data.d() || model.outputs() != data.p()) {
            throw new IllegalArgumentException("network " + model + " does not fit data with d = " + data.d()
                    + ", p = " + data.p());
        }
        this.model = model;
        this.sigma = model.activation();
        this.loss = loss;
        this.n = data.n();
        this.active = n;
        this.depth = model.depth();
        this.p = data.p();
        this.y = data.y().clone();
        this.projection = model.layout().projection();
        double sumSq = 0;
        for (double v : y) {
            sumSq += v * v;
        }
        zeroRisk = loss.factor() * sumSq / n;
        h = new double[depth + 1][];
        z = new double[depth + 1][];
        slope = new double[depth][];
        curvature = new double[depth][];
        back = new double[depth][];
        delta = new double[depth + 1][];
        zDot = new double[depth + 1][];
        hDot = new double[depth][];
        deltaDot = new double[depth + 1][];
        h[0] = new double[n * data.d()];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < data.d(); l++) {
                h[0][l * n + i] = data.x()[i * data.d() + l];
            }
        }
        for (int k = 1; k <= depth; k++) {
            int size = n * model.width(k);
            z[k] = new double[size];
            delta[k] = new double[size];
            zDot[k] = new double[size];
            deltaDot[k] = new double[size];
            if (k < depth) {
                h[k] = new double[size];
                slope[k] = new double[size];
                curvature[k] = new double[size];
                back[k] = new double[size];
                hDot[k] = new double[size];
            }
        }
        h[depth] = z[depth];
        residual = new double[n * p];
        outputDot = new double[n * p];
        grad = new double[model.parameterCount()];
    }

    /**
     * Evaluates from now on the samples order[from..to) of the full data (x, y) in place of its own: the risk is then
     * the mean over those samples, a mini-batch's loss. Copies the rows into the buffers; allocates nothing.
     */
    void useSamples(double[] x, double[] yAll, int[] order, int from, int to) {
        int m = to - from;
        if (m < 1 || m > n) {
            throw new IllegalArgumentException("a batch of " + m + " samples does not fit " + n);
        }
        int d = model.width(0);
        for (int i = 0; i < m; i++) {
            int src = order[from + i];
            for (int l = 0; l < d; l++) {
                h[0][l * n + i] = x[src * d + l];
            }
            System.arraycopy(yAll, src * p, y, i * p, p);
        }
        active = m;
        cachedPoint = null;
    }

    @Override
    public Mlp model() {
        return model;
    }

    @Override
    public LossConvention loss() {
        return loss;
    }

    /** Forward and backward over all samples; caches both for {@link #gradient} and {@link #hvp}. */
    @Override
    public double setPoint(double[] w) {
        for (int k = 1; k <= depth; k++) {
            layerForward(w, k, h[k - 1], z[k], false);
            if (k < depth) {
                double[] zk = z[k];
                if (active == n) {
                    // All samples: the layer's rows are one contiguous run, one long loop for the activation.
                    sigma.valuesAndSlopes(zk, 0, model.width(k) * n, h[k], slope[k]);
                } else {
                    for (int j = 0; j < model.width(k); j++) {
                        sigma.valuesAndSlopes(zk, j * n, j * n + active, h[k], slope[k]);
                    }
                }
            }
        }
        double sum = 0;
        output(z[depth], residual);
        for (int i = 0; i < active * p; i++) {
            double r = residual[i] - y[i];
            residual[i] = r;
            sum += r * r;
        }
        risk = loss.factor() * sum / active;
        outputAdjoint(residual, delta[depth]);
        for (int k = depth; k > 1; k--) {
            layerBackward(w, k, delta[k], back[k - 1], false);
            for (int j = 0; j < model.width(k - 1); j++) {
                for (int i = j * n; i < j * n + active; i++) {
                    delta[k - 1][i] = slope[k - 1][i] * back[k - 1][i];
                }
            }
        }
        for (int k = 1; k <= depth; k++) {
            layerOuter(k, delta[k], h[k - 1], grad, false);
        }
        double s = 0;
        for (double g : grad) {
            s += g * g;
        }
        gradNormSq = s;
        cachedPoint = w;
        curvatureCached = false;
        return risk;
    }

    /** w ← w − η∇R(w) after a full {@link #setPoint}; leaves no cache. */
    @Override
    public double gdStep(double[] w, double eta) {
        double before = setPoint(w);
        for (int i = 0; i < w.length; i++) {
            w[i] -= eta * grad[i];
        }
        cachedPoint = null;
        return before;
    }

    @Override
    public Hessian hessianAt(double[] w) {
        setPoint(w);
        return hessian;
    }

    @Override
    public void gradient(double[] out) {
        requireCache();
        System.arraycopy(grad, 0, out, 0, grad.length);
    }

    @Override
    public void hvp(double[] v, double[] out) {
        requireCache();
        double[] w = cachedPoint;
        if (!curvatureCached) {
            for (int k = 1; k < depth; k++) {
                for (int j = 0; j < model.width(k); j++) {
                    sigma.secondDerivatives(z[k], j * n, j * n + active, curvature[k]);
                }
            }
            curvatureCached = true;
        }
        for (int k = 1; k <= depth; k++) {
            layerForward(v, k, h[k - 1], zDot[k], false);
            if (k > 1) {
                layerForward(w, k, hDot[k - 1], zDot[k], true);
            }
            if (k < depth) {
                for (int j = 0; j < model.width(k); j++) {
                    for (int i = j * n; i < j * n + active; i++) {
                        hDot[k][i] = slope[k][i] * zDot[k][i];
                    }
                }
            }
        }
        output(zDot[depth], outputDot);
        outputAdjoint(outputDot, deltaDot[depth]);
        for (int k = depth; k > 1; k--) {
            double[] t = deltaDot[k - 1];
            layerBackward(v, k, delta[k], t, false);
            layerBackward(w, k, deltaDot[k], t, true);
            for (int j = 0; j < model.width(k - 1); j++) {
                for (int i = j * n; i < j * n + active; i++) {
                    t[i] = curvature[k - 1][i] * zDot[k - 1][i] * back[k - 1][i] + slope[k - 1][i] * t[i];
                }
            }
        }
        for (int k = 1; k <= depth; k++) {
            layerOuter(k, deltaDot[k], h[k - 1], out, false);
            if (k > 1) {
                layerOuter(k, delta[k], hDot[k - 1], out, true);
            }
        }
    }

    /** out (n × p, sample-major) = z_L Pᵀ, or z_L without projection. */
    private void output(double[] zL, double[] out) {
        int dL = model.width(depth);
        for (int i = 0; i < active; i++) {
            for (int q = 0; q < p; q++) {
                if (projection == null) {
                    out[i * p + q] = zL[q * n + i];
                } else {
                    double s = 0;
                    for (int j = 0; j < dL; j++) {
                        s += projection[q * dL + j] * zL[j * n + i];
                    }
                    out[i * p + q] = s;
                }
            }
        }
    }

    /** out (d_L × n) = (2c/n) (r P)ᵀ: the derivative of R through the output, r (n × p) its residual or direction. */
    private void outputAdjoint(double[] r, double[] out) {
        double factor = 2 * loss.factor() / active;
        int dL = model.width(depth);
        for (int i = 0; i < active; i++) {
            for (int j = 0; j < dL; j++) {
                if (projection == null) {
                    out[j * n + i] = factor * r[i * p + j];
                } else {
                    double s = 0;
                    for (int q = 0; q < p; q++) {
                        s += r[i * p + q] * projection[q * dL + j];
                    }
                    out[j * n + i] = factor * s;
                }
            }
        }
    }

    /**
     * out (d_k × n) (+)= M_k · in (d_{k−1} × n), M the k-th block of m. Four input rows per sweep over the samples, so
     * that out is loaded and stored once per four weights; each sum still adds its terms in the order l = 0, 1, …,
     * so the result is the same as one axpy per weight, bit for bit.
     */
    private void layerForward(double[] m, int k, double[] in, double[] out, boolean accumulate) {
        int rows = model.rows(k);
        int cols = model.cols(k);
        int off = model.offset(k);
        for (int j = 0; j < rows; j++) {
            int o = j * n;
            int row = off + j * cols;
            int l = 0;
            if (!accumulate) {
                if (cols >= 4) {
                    sum4(m, row, 1, in, 0, out, o, false);
                    l = 4;
                } else {
                    java.util.Arrays.fill(out, o, o + active, 0.0);
                }
            }
            for (; l + 4 <= cols; l += 4) {
                sum4(m, row + l, 1, in, l * n, out, o, true);
            }
            for (; l < cols; l++) {
                double a = m[row + l];
                int src = l * n;
                for (int i = 0; i < active; i++) {
                    out[o + i] += a * in[src + i];
                }
            }
        }
    }

    /**
     * out (d_{k−1} × n) (+)= M_kᵀ · in (d_k × n): per output row l, four input rows per sweep, the terms of each sum
     * added in the order j = 0, 1, … as one axpy per weight would.
     */
    private void layerBackward(double[] m, int k, double[] in, double[] out, boolean accumulate) {
        int rows = model.rows(k);
        int cols = model.cols(k);
        int off = model.offset(k);
        for (int l = 0; l < cols; l++) {
            int o = l * n;
            int j = 0;
            if (!accumulate) {
                if (rows >= 4) {
                    sum4(m, off + l, cols, in, 0, out, o, false);
                    j = 4;
                } else {
                    java.util.Arrays.fill(out, o, o + active, 0.0);
                }
            }
            for (; j + 4 <= rows; j += 4) {
                sum4(m, off + j * cols + l, cols, in, j * n, out, o, true);
            }
            for (; j < rows; j++) {
                double a = m[off + j * cols + l];
                int src = j * n;
                for (int i = 0; i < active; i++) {
                    out[o + i] += in[src + i] * a;
                }
            }
        }
    }

    /**
     * out[o..) (+)= Σ_{q&lt;4} c[at + q·stride]·in[src + q·n ..), the terms added left to right: four weights of a row
     * (stride 1) or of a column (stride = the row length) of a row-major block.
     */
    private void sum4(double[] c, int at, int stride, double[] in, int src, double[] out, int o, boolean accumulate) {
        double a0 = c[at];
        double a1 = c[at + stride];
        double a2 = c[at + 2 * stride];
        double a3 = c[at + 3 * stride];
        int s1 = src + n;
        int s2 = s1 + n;
        int s3 = s2 + n;
        if (accumulate) {
            for (int i = 0; i < active; i++) {
                out[o + i] = out[o + i] + in[src + i] * a0 + in[s1 + i] * a1 + in[s2 + i] * a2 + in[s3 + i] * a3;
            }
        } else {
            for (int i = 0; i < active; i++) {
                out[o + i] = in[src + i] * a0 + in[s1 + i] * a1 + in[s2 + i] * a2 + in[s3 + i] * a3;
            }
        }
    }

    /**
     * Block k of g (+)= a bᵀ, a d_k × n, b d_{k−1} × n: the sum over samples of the outer products. Four entries of a
     * row at a time share the loads of a and run as independent chains; each still sums over i in order.
     */
    private void layerOuter(int k, double[] a, double[] b, double[] g, boolean accumulate) {
        int rows = model.rows(k);
        int cols = model.cols(k);
        int off = model.offset(k);
        for (int j = 0; j < rows; j++) {
            int aj = j * n;
            int row = off + j * cols;
            int l = 0;
            for (; l + 4 <= cols; l += 4) {
                double s0 = accumulate ? g[row + l] : 0;
                double s1 = accumulate ? g[row + l + 1] : 0;
                double s2 = accumulate ? g[row + l + 2] : 0;
                double s3 = accumulate ? g[row + l + 3] : 0;
                int b0 = l * n;
                int b1 = b0 + n;
                int b2 = b1 + n;
                int b3 = b2 + n;
                for (int i = 0; i < active; i++) {
                    double x = a[aj + i];
                    s0 += x * b[b0 + i];
                    s1 += x * b[b1 + i];
                    s2 += x * b[b2 + i];
                    s3 += x * b[b3 + i];
                }
                g[row + l] = s0;
                g[row + l + 1] = s1;
                g[row + l + 2] = s2;
                g[row + l + 3] = s3;
            }
            for (; l < cols; l++) {
                double s = accumulate ? g[row + l] : 0;
                int bl = l * n;
                for (int i = 0; i < active; i++) {
                    s += a[aj + i] * b[bl + i];
                }
                g[row + l] = s;
            }
        }
    }

    private void requireCache() {
        if (cachedPoint == null) {
            throw new IllegalStateException("call setPoint before gradient or hvp");
        }
    }

    @Override
    public double risk() {
        return risk;
    }

    @Override
    public double gradientNorm() {
        return Math.sqrt(gradNormSq);
    }

    /** NaN: without an end-to-end matrix there is no distance to W*. */
    @Override
    public double sqDistance() {
        return Double.NaN;
    }

    @Override
    public double zeroPredictorRisk() {
        return zeroRisk;
    }
}
