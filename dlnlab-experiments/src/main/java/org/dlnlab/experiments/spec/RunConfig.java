package org.dlnlab.experiments.spec;

/**
 * One gradient-descent run of a sweep: everything that determines its result except the seed. The random
 * streams of the run derive from (seed, {@link #key()}), so the result does not depend on which thread runs it
 * or what ran before.
 *
 * @param figure         the figure family (the CSV it belongs to)
 * @param key            the stable run key, e.g. {@code fig1/eta=0.02/s=0.35/rep=007}
 * @param data           training data ({@code builtin:NAME})
 * @param testData       test data for the generalization gap, or null
 * @param depth          L
 * @param width          hidden width of a standard network (ignored with a projection)
 * @param projection     {@code builtin:mc_projections:NAME} for a residual network, else null
 * @param init           {@code small} (N(0, s²)) or {@code residual} (I + s/√(Ld)·N(0,1))
 * @param scale          s
 * @param learningRate   η
 * @param steps          GD steps
 * @param rep            repetition index
 * @param sharpnessEvery sharpness samples along the run every K steps (trajectories), 0 for none
 * @param activation     the label of σ after every layer but the last ({@code linear}: a deep linear network)
 * @param batchSize      samples per mini-batch of SGD, or 0 for full-batch gradient descent
 */
public record RunConfig(String figure, String key, String data, String testData, int depth, int width,
                        String projection, String init, double scale, double learningRate, int steps, int rep,
                        int sharpnessEvery, String activation, int batchSize) {
    /** Relative cost of a step with an activation: its passes run over the n samples instead of Σ (measured, L = 10). */
    private static final double SAMPLE_PASS_FACTOR = 40;

    /** A run of a deep linear network. */
    public RunConfig(String figure, String key, String data, String testData, int depth, int width,
                     String projection, String init, double scale, double learningRate, int steps, int rep,
                     int sharpnessEvery) {
        this(figure, key, data, testData, depth, width, projection, init, scale, learningRate, steps, rep,
                sharpnessEvery, "linear", 0);
    }

    /** Whether the run trains on the samples (an activation, or SGD's batches) rather than on Σ. */
    public boolean onSamples() {
        return !activation.equals("linear") || batchSize > 0;
    }

    /** The {@code --init} spec of the run. */
    public String initSpec() {
        return init + ":" + scale;
    }

    /**
     * A rough cost for scheduling and the ETA: steps × (parameters + 60·L), the per-layer term standing for the
     * fixed cost of each layer's kernels (fitted to GD steps at d = 5, L = 10 and d = 20, L = 5), plus the
     * sharpness estimates.
     */
    public double cost(int inputs) {
        return spent(inputs, steps);
    }

    /** The cost of the run had it ended after stepsDone steps (a diverged run stops early). */
    public double spent(int inputs, int stepsDone) {
        long params = projection != null ? (long) depth * inputs * inputs
                : (long) (depth - 1) * width * width + (long) width * (inputs - width) + width;
        double perStep = (params + 60.0 * depth) * (onSamples() ? SAMPLE_PASS_FACTOR : 1);
        return stepsDone * perStep + 200 * perStep;
    }

}
