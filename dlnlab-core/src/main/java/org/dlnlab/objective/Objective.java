package org.dlnlab.objective;

import org.dlnlab.curvature.Hessian;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.model.Activation;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.model.Mlp;
import org.dlnlab.model.Model;
import org.dlnlab.model.StandardActivation;

/**
 * A training objective R(W) of a network's flat parameter vector: its value, gradient and Hessian at a point, and a
 * gradient-descent step. {@link #setPoint} evaluates at W and caches what {@link #gradient} and {@link #hessianAt}
 * need. Implementations: {@link LinearChainObjective} (a deep linear network on the data's sufficient statistics)
 * and {@link SampleObjective} (a network with activations, on the samples).
 * <p>
 * Not thread-safe: one instance per run.
 */
public interface Objective {
    Model model();

    LossConvention loss();

    /** Evaluates at w and caches for {@link #gradient} and {@link #hessianAt}; returns R(w). */
    double setPoint(double[] w);

    /** ∇R at the point of the last {@link #setPoint}. */
    void gradient(double[] out);

    /** Hessian–vector product at the point of the last {@link #setPoint}; out must not be v. */
    void hvp(double[] v, double[] out);

    /** One step w ← w − η∇R(w), fused where the objective can; returns R before the step, leaves no cache. */
    double gdStep(double[] w, double eta);

    /** The Hessian at w (the cache is reset to w); valid until the next evaluation. */
    Hessian hessianAt(double[] w);

    /** R at the last evaluated point. */
    double risk();

    /** ‖∇R‖ at the last evaluated point. */
    double gradientNorm();

    /**
     * ‖E − W*‖²_F/(d·p) at the last evaluated point: the paper's "squared distance"; NaN for a model without an
     * end-to-end matrix E.
     */
    double sqDistance();

    /** R(0), the risk of the zero predictor: the scale of the data's risks. */
    double zeroPredictorRisk();

    /**
     * The objective of the network of this layout with σ after every layer but the last, on the data (problem holds
     * its sufficient statistics): the linear chains on Σ when σ is the identity, so that a linear net keeps its fast
     * path bit for bit, else the samples themselves.
     */
    static Objective of(DeepLinearNet layout, Activation activation, Problem problem, Dataset data,
                        LossConvention loss) {
        return activation == StandardActivation.LINEAR ? new LinearChainObjective(layout, problem, loss)
                : new SampleObjective(new Mlp(layout, activation), data, loss);
    }
}
