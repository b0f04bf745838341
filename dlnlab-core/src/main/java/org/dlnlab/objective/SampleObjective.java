package org.dlnlab.objective;

import org.dlnlab.curvature.Hessian;
import org.dlnlab.data.Dataset;
import org.dlnlab.kernels.SamplePasses;
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
 * end-to-end matrix, so {@link #sqDistance()} is NaN. The products run on {@link SamplePasses}, over the samples
 * rounded up to a multiple of its lanes: the lanes past the last sample start from zero inputs and get a zero
 * output adjoint, so they add nothing to a gradient or an HVP.
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
    /** The lanes the passes cover: active rounded up to whole vectors. */
    private int span;
    /** The length of a layer row in the buffers: n rounded up to whole vectors. */
    private final int stride;
    private final SamplePasses passes = SamplePasses.create();
    private final int depth;
    private final int p;
    private final double[] y;
    /** P (p × d_L), or null: the output is z_L. */
    private final double[] projection;
    private final double zeroRisk;
    /**
     * Per layer k, d_k × stride, feature-major (entry j of sample i at j·stride + i): every product is then a loop
     * over the samples, four at a time. h[0] = Xᵀ, h[L] = z[L].
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
        this.stride = SamplePasses.span(n);
        this.span = stride;
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
        h[0] = new double[stride * data.d()];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < data.d(); l++) {
                h[0][l * stride + i] = data.x()[i * data.d() + l];
            }
        }
        for (int k = 1; k <= depth; k++) {
            int size = stride * model.width(k);
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
                h[0][l * stride + i] = x[src * d + l];
            }
            System.arraycopy(yAll, src * p, y, i * p, p);
        }
        for (int l = 0; l < d; l++) {
            java.util.Arrays.fill(h[0], l * stride + m, (l + 1) * stride, 0.0);
        }
        active = m;
        span = SamplePasses.span(m);
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
                if (span == stride) {
                    // All samples: the layer's rows are one contiguous run, one long loop for the activation.
                    sigma.valuesAndSlopes(zk, 0, model.width(k) * stride, h[k], slope[k]);
                } else {
                    for (int j = 0; j < model.width(k); j++) {
                        sigma.valuesAndSlopes(zk, j * stride, j * stride + span, h[k], slope[k]);
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
                for (int i = j * stride; i < j * stride + span; i++) {
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
                    sigma.secondDerivatives(z[k], j * stride, j * stride + span, curvature[k]);
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
                    for (int i = j * stride; i < j * stride + span; i++) {
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
                for (int i = j * stride; i < j * stride + span; i++) {
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
                    out[i * p + q] = zL[q * stride + i];
                } else {
                    double s = 0;
                    for (int j = 0; j < dL; j++) {
                        s += projection[q * dL + j] * zL[j * stride + i];
                    }
                    out[i * p + q] = s;
                }
            }
        }
    }

    /**
     * out (d_L × stride) = (2c/n) (r P)ᵀ: the derivative of R through the output, r (n × p) its residual or
     * direction; zero in the lanes past the last sample, which then add nothing to any sum over samples.
     */
    private void outputAdjoint(double[] r, double[] out) {
        double factor = 2 * loss.factor() / active;
        int dL = model.width(depth);
        for (int i = 0; i < active; i++) {
            for (int j = 0; j < dL; j++) {
                if (projection == null) {
                    out[j * stride + i] = factor * r[i * p + j];
                } else {
                    double s = 0;
                    for (int q = 0; q < p; q++) {
                        s += r[i * p + q] * projection[q * dL + j];
                    }
                    out[j * stride + i] = factor * s;
                }
            }
        }
        for (int j = 0; j < dL; j++) {
            java.util.Arrays.fill(out, j * stride + active, j * stride + span, 0.0);
        }
    }

    /** out (d_k × stride) (+)= M_k · in (d_{k−1} × stride), M_k the k-th block of m. */
    private void layerForward(double[] m, int k, double[] in, double[] out, boolean accumulate) {
        passes.forward(m, model.offset(k), model.rows(k), model.cols(k), in, out, stride, span, accumulate);
    }

    /** out (d_{k−1} × stride) (+)= M_kᵀ · in (d_k × stride). */
    private void layerBackward(double[] m, int k, double[] in, double[] out, boolean accumulate) {
        passes.backward(m, model.offset(k), model.rows(k), model.cols(k), in, out, stride, span, accumulate);
    }

    /** Block k of g (+)= a bᵀ, a d_k × stride, b d_{k−1} × stride: the sum over samples of the outer products. */
    private void layerOuter(int k, double[] a, double[] b, double[] g, boolean accumulate) {
        passes.outer(a, b, g, model.offset(k), model.rows(k), model.cols(k), stride, span, accumulate);
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
