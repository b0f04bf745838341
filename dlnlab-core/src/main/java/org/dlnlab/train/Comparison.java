package org.dlnlab.train;

import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.objective.LinearChainObjective;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Gradient descent, gradient flow and the central flow from one initialization with one η and number of steps,
 * measured per GD step t on a common clock (the flow sampled at time ηt): losses, sharpnesses, distances between the
 * end-to-end maps β (the layers' rescaling symmetry makes distances between weights misleading), and the central
 * flow's σ² against (uᵀ(w_GD − w_CF))², u its top eigenvector. Each optimizer is optional; cells of an optimizer
 * not run, or after its divergence, are NaN.
 *
 * @param learningRate η of GD and of the central flow; the flow runs to time ηN
 * @param steps        N
 * @param maxActive    the central flow's most eigenvalues at the edge
 * @param adaptive     the central flow by {@link AdaptiveCentralFlow} (with the flow's tolerances) instead of the
 *                     reference scheme
 */
public record Comparison(double learningRate, int steps, int maxActive, boolean adaptive) {
    /** Standard deviation, in GD steps, of the Gaussian that smooths GD's loss (the authors' choice). */
    public static final double SMOOTHING_STEPS = 50;

    /** The central flow by the reference scheme. */
    public Comparison(double learningRate, int steps, int maxActive) {
        this(learningRate, steps, maxActive, false);
    }

    /** Which optimizers to run. */
    public record Which(boolean gd, boolean flow, boolean centralFlow) {
    }

    /** Per-step series (length N + 1) and each run's end (null for an optimizer not run). */
    public record Result(double[] lossGd, double[] lossGdSmoothed, double[] lossFlow, double[] lossCf,
                         double[] predictedLossCf, double[] sharpnessGd, double[] sharpnessFlow, double[] sharpnessCf,
                         double[] distanceCf, double[] distanceFlow, double[] projectionSq, double[] sigma2,
                         TrainResult gd, FlowResult flow, CentralFlow.Result centralFlow) {
    }

    /**
     * Runs the optimizers chosen from a copy of init each.
     *
     * @param objectives a fresh objective per optimizer (objectives are not shared between runs)
     * @param sharpness  a fresh estimator per optimizer, by its name (gd, flow, central-flow)
     */
    public Result run(java.util.function.Supplier<LinearChainObjective> objectives, double[] init,
                      Function<String, Sharpness> sharpness, Sharpness.Options options,
                      java.util.random.RandomGenerator centralFlowRng, Which which, double atol, double rtol) {
        int n = steps + 1;
        double[][] series = new double[10][n];
        for (double[] s : series) {
            Arrays.fill(s, Double.NaN);
        }
        double[] lossGd = series[0];
        double[] lossFlow = series[1];
        double[] lossCf = series[2];
        double[] predicted = series[3];
        double[] sharpGd = series[4];
        double[] sharpFlow = series[5];
        double[] sharpCf = series[6];
        double[] sigma2 = series[7];
        double[] distanceCf = series[8];
        double[] distanceFlow = series[9];
        double[] projection = new double[n];
        Arrays.fill(projection, Double.NaN);
        LinearChainObjective measure = objectives.get();
        double[][] betaGd = new double[n][];
        double[][] weightsGd = which.centralFlow() ? new double[n][] : null;
        TrainResult gd = null;
        if (which.gd()) {
            gd = new Trainer(UpdateRule.gradientDescent(learningRate), steps, 1, 1)
                    .run(objectives.get(), init.clone(), sharpness.apply("gd"), rec -> {
                        int t = rec.step();
                        lossGd[t] = rec.loss();
                        sharpGd[t] = top(rec.sharpness());
                        if (rec.weights() != null) {
                            betaGd[t] = endToEnd(measure, rec.weights());
                            if (weightsGd != null) {
                                weightsGd[t] = rec.weights().clone();
                            }
                        }
                    });
        }
        FlowResult flow = null;
        if (which.flow()) {
            flow = GradientFlow.of(learningRate * steps, learningRate).withSharpnessEvery(1)
                    .withTolerances(atol, rtol).run(objectives.get(), init.clone(), sharpness.apply("flow"), rec -> {
                        int t = rec.step();
                        if (t < n) {
                            lossFlow[t] = rec.loss();
                            sharpFlow[t] = top(rec.sharpness());
                            if (betaGd[t] != null) {
                                distanceFlow[t] = distance(betaGd[t], endToEnd(measure, rec.weights()));
                            }
                        }
                    });
        }
        CentralFlow.Result cf = null;
        if (which.centralFlow()) {
            java.util.function.Consumer<CentralFlow.Row> observer = row -> {
                        int t = row.step().step();
                        if (t >= n || row.step().time() != t * learningRate) {
                            return;
                        }
                        lossCf[t] = row.step().loss();
                        predicted[t] = row.predictedLoss();
                        sharpCf[t] = row.sharpness();
                        sigma2[t] = row.sigma2();
                        double[] w = row.step().weights();
                        if (betaGd[t] != null) {
                            distanceCf[t] = distance(betaGd[t], endToEnd(measure, w));
                        }
                        if (weightsGd != null && weightsGd[t] != null) {
                            double[] u = row.step().sharpness().topVector();
                            double p = 0;
                            for (int i = 0; i < u.length; i++) {
                                p += u[i] * (weightsGd[t][i] - w[i]);
                            }
                            projection[t] = p * p;
                        }
                    };
            cf = adaptive ? new AdaptiveCentralFlow(learningRate, steps, java.util.List.of(), atol, rtol)
                    .run(objectives.get(), init.clone(), options, centralFlowRng, observer).flow()
                    : new CentralFlow(learningRate, steps, maxActive, java.util.List.of()).run(objectives.get(),
                    init.clone(), options, centralFlowRng, observer);
        }
        return new Result(lossGd, gaussianSmoothing(lossGd, SMOOTHING_STEPS), lossFlow, lossCf, predicted, sharpGd,
                sharpFlow, sharpCf, distanceCf, distanceFlow, projection, sigma2, gd, flow, cf);
    }

    private static double top(SpectrumEstimate e) {
        return e == null ? Double.NaN : e.top();
    }

    private static double[] endToEnd(LinearChainObjective o, double[] w) {
        o.setPoint(w);
        return o.endToEnd();
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    /**
     * x convolved with a Gaussian of standard deviation σ (in steps), truncated at 4σ; at the ends and next to NaN
     * cells the weights of the finite cells in the window are renormalized, so a constant stays constant.
     */
    public static double[] gaussianSmoothing(double[] x, double sigma) {
        int radius = (int) Math.ceil(4 * sigma);
        double[] kernel = new double[radius + 1];
        for (int j = 0; j <= radius; j++) {
            kernel[j] = Math.exp(-0.5 * (j / sigma) * (j / sigma));
        }
        double[] out = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            if (Double.isNaN(x[t])) {
                out[t] = Double.NaN;
                continue;
            }
            double sum = 0;
            double weight = 0;
            for (int s = Math.max(0, t - radius); s <= Math.min(x.length - 1, t + radius); s++) {
                if (!Double.isNaN(x[s])) {
                    double k = kernel[Math.abs(s - t)];
                    sum += k * x[s];
                    weight += k;
                }
            }
            out[t] = sum / weight;
        }
        return out;
    }
}
