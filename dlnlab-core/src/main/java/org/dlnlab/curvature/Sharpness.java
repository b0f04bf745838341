package org.dlnlab.curvature;

import org.dlnlab.InvalidInputException;
import org.dlnlab.linalg.Blocks;
import org.dlnlab.objective.DenseHessian;
import org.dlnlab.objective.Objective;

import java.util.random.RandomGenerator;

/**
 * Sharpness S(W) = λ_max(∇²R(W)) of a network, by the configured method, in the objective's loss convention.
 * Along a trajectory it warm-starts Lanczos from the previous top eigenvector plus a random component, so
 * that the start keeps a component along every eigenvector (REFERENCE.md §3). One instance per run.
 */
public final class Sharpness {
    /** Relative weight of the random component mixed into a warm start. */
    private static final double WARM_START_NOISE = 0.1;

    /**
     * @param topK       how many top eigenvalues to converge (Lanczos, dense)
     * @param tol        relative residual tolerance (Lanczos convergence; power iteration's converged flag)
     * @param powerIters steps of the power iteration
     * @param maxIter    most Lanczos steps
     */
    public record Options(SharpnessMethod method, int topK, double tol, int powerIters, int maxIter) {
        public static final double DEFAULT_TOL = 1e-10;
        public static final int DEFAULT_POWER_ITERS = 20;
        public static final int DEFAULT_MAX_ITER = 500;

        public static Options defaults() {
            return new Options(SharpnessMethod.LANCZOS, 1, DEFAULT_TOL, DEFAULT_POWER_ITERS, DEFAULT_MAX_ITER);
        }

        public Options withMethod(SharpnessMethod m) {
            return new Options(m, topK, tol, powerIters, maxIter);
        }
    }

    private final Options options;
    private final RandomGenerator rng;
    private double[] previous;

    public Sharpness(Options options, RandomGenerator rng) {
        this.options = options;
        this.rng = rng;
    }

    public Options options() {
        return options;
    }

    /** Sharpness at w (the objective's cache is reset to w). */
    public SpectrumEstimate at(Objective objective, double[] w) {
        if (options.method() == SharpnessMethod.DENSE && w.length > DenseHessian.MAX_PARAMETERS) {
            throw new InvalidInputException("--sharpness-method dense: the network has N = " + w.length
                    + " parameters, the dense Hessian is limited to " + DenseHessian.MAX_PARAMETERS + "; use lanczos");
        }
        objective.setPoint(w);
        int n = w.length;
        SymmetricOperator h = new SymmetricOperator() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public void apply(double[] v, double[] out) {
                objective.hvp(v, out);
            }
        };
        SpectrumEstimate e = switch (options.method()) {
            case LANCZOS -> Lanczos.top(h, Math.min(options.topK(), n), options.tol(), options.maxIter(),
                    warmStart(n), rng);
            case POWER -> PowerIteration.run(h, options.powerIters(), options.tol(), rng);
            case DENSE -> DenseSpectrum.top(
                    DenseHessian.compute(objective.net(), objective.problem(), objective.loss(), w),
                    options.topK());
        };
        previous = e.topVector();
        return e;
    }

    private double[] warmStart(int n) {
        if (previous == null || previous.length != n) {
            return null;
        }
        double[] noise = Lanczos.gaussian(n, rng);
        double[] v = previous.clone();
        Blocks.axpy(WARM_START_NOISE / Blocks.norm(noise, n), noise, v, n);
        return v;
    }
}
