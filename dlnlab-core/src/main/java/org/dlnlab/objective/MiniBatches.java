package org.dlnlab.objective;

import org.dlnlab.data.Dataset;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.model.Mlp;
import org.dlnlab.model.Model;
import org.dlnlab.model.StandardActivation;

import java.util.Arrays;

/**
 * Losses and gradients of a network on subsets of its samples, for stochastic gradient descent: a batch's loss is
 * c·(1/|B|)Σ_{i∈B} ‖y_i − f(x_i)‖², the mean over its samples in the objective's loss convention, so a batch of all n
 * samples is the full risk. A linear network runs here on its samples too (Σ of a batch changes every step).
 * <p>
 * Not thread-safe: one instance per run; buffers for the largest batch are allocated once.
 */
public final class MiniBatches {
    private final double[] x;
    private final double[] y;
    private final int n;
    private final SampleObjective batch;

    /** Batches of at most {@code capacity} samples of data, for the model of an objective (a linear net or an MLP). */
    public MiniBatches(Model model, Dataset data, LossConvention loss, int capacity) {
        if (capacity < 1 || capacity > data.n()) {
            throw new IllegalArgumentException("batch size " + capacity + " outside 1.." + data.n());
        }
        Mlp mlp = model instanceof Mlp m ? m : new Mlp((DeepLinearNet) model, StandardActivation.LINEAR);
        this.x = data.x();
        this.y = data.y();
        this.n = data.n();
        Dataset first = new Dataset(data.source(), data.featureNames(), data.targetNames(),
                Arrays.copyOf(x, capacity * data.d()), Arrays.copyOf(y, capacity * data.p()));
        this.batch = new SampleObjective(mlp, first, loss);
    }

    public int samples() {
        return n;
    }

    /** The loss of the batch order[from..to) at w, its gradient written to out. */
    public double gradient(double[] w, int[] order, int from, int to, double[] out) {
        batch.useSamples(x, y, order, from, to);
        double loss = batch.setPoint(w);
        batch.gradient(out);
        return loss;
    }
}
