package org.dlnlab.kernels;

/**
 * How much work this JVM will do, told before the kernels are chosen ({@link Kernels}): the C2 compilation of the
 * Vector API kernels costs about half a second of a 2-vCPU machine (the first 2,000 steps of the paper's workload,
 * with its power iteration every 5, took 0.47–0.56 s longer than on the plain kernels), which a short run never wins
 * back: the paper's workload saves about 1 µs a step with them, a d = 100 net about 100 µs. So a JVM that will do
 * fewer than {@value #VECTOR_MIN_PARAMETER_STEPS} parameter-steps runs the plain kernels, with bitwise the same
 * numbers. A JVM that says nothing (a sweep, {@code reproduce}, the bench) chooses as before. Kept out of
 * {@link Kernels} so that telling it does not make the choice.
 */
public final class ExpectedWork {
    /**
     * Parameters × GD-step equivalents below which the warm-up costs more than the Vector API saves: 3·10^8 is 145,000
     * steps of the paper's workload with its power iteration every 5 (break-even there: about 500,000) and 3,300 GD
     * steps of a d = 100, L = 10 net (break-even: about 5,000).
     */
    static final double VECTOR_MIN_PARAMETER_STEPS = 3e8;

    private static volatile double parameterSteps = Double.POSITIVE_INFINITY;

    private ExpectedWork() {
    }

    /**
     * Tells the work of the one run this JVM does ({@link #of}): a product with the Hessian (an HVP, or a product on
     * its range) counts as two GD steps. Has no effect once the kernels are chosen.
     */
    public static void oneRun(long parameters, long steps, double productsPerStep) {
        parameterSteps = of(parameters, steps, productsPerStep);
    }

    /** Parameters × steps × (1 + 2 · products per step): the work of a run in GD-step equivalents of one parameter. */
    static double of(long parameters, long steps, double productsPerStep) {
        return (double) parameters * steps * (1 + 2 * productsPerStep);
    }

    static double parameterSteps() {
        return parameterSteps;
    }
}
