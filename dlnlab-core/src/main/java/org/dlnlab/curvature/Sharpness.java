package org.dlnlab.curvature;

import org.dlnlab.InvalidInputException;
import org.dlnlab.kernels.Blocks;

import java.util.random.RandomGenerator;

/**
 * Sharpness S(W) = λ_max(∇²R(W)) of a {@link Hessian}, by the configured method (in the loss convention of the
 * objective it comes from).
 * Along a trajectory it warm-starts Lanczos from the previous top eigenvector plus a random component, so
 * that the start keeps a component along every eigenvector (docs/formulas.md §3). One instance per run.
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
    /** The last top (and bottom) vector, for warm starts along a trajectory. */
    private double[] previous;
    private double[] previousSmallest;

    public Sharpness(Options options, RandomGenerator rng) {
        this.options = options;
        this.rng = rng;
    }

    public Options options() {
        return options;
    }

    /**
     * The top of the spectrum of h. Lanczos and power iteration run on the Hessian restricted to its range
     * ({@link Hessian#range()}) when there is one: the same Krylov spaces and the same power iterates (H maps every
     * vector into the range), at a lower cost per product.
     */
    public SpectrumEstimate at(Hessian h) {
        SpectrumEstimate e = top(h, previous);
        previous = e.topVector();
        return e;
    }

    /**
     * The bottom of the spectrum of h (λ_min first, eigenvalues ascending): the top of −h. On the range S the rule
     * λ_min(H) = min(λ_min on S, 0) holds whenever dim S &lt; N, as H vanishes on S's complement; the top-end rules
     * of {@link #at} give exactly that for −H. Power iteration finds the dominant |λ| and is refused here.
     */
    public SpectrumEstimate smallestAt(Hessian h) {
        if (options.method() == SharpnessMethod.POWER) {
            throw new InvalidInputException(InvalidInputException.Input.SHARPNESS_METHOD, SharpnessMethod.POWER.label(),
                    "power iteration finds the eigenvalue largest in magnitude, not the smallest; use "
                            + SharpnessMethod.LANCZOS.label() + " or " + SharpnessMethod.DENSE.label());
        }
        SpectrumEstimate e = top(Negated.of(h), previousSmallest).negated();
        previousSmallest = e.topVector();
        return e;
    }

    private SpectrumEstimate top(Hessian h, double[] previousVector) {
        int n = h.dimension();
        if (options.method() == SharpnessMethod.DENSE && n > Hessian.DENSE_MAX_DIMENSION) {
            throw new InvalidInputException(InvalidInputException.Input.SHARPNESS_METHOD, SharpnessMethod.DENSE.label(),
                    "the network has N = " + n + " parameters, the dense Hessian is limited to "
                            + Hessian.DENSE_MAX_DIMENSION + "; use " + SharpnessMethod.LANCZOS.label());
        }
        RangeRestriction range = options.method() == SharpnessMethod.DENSE ? null : h.range();
        SpectrumEstimate e = range != null && options.topK() <= range.dimension()
                ? onRange(h, range, previousVector) : null;
        if (e == null) {
            e = switch (options.method()) {
                case LANCZOS -> Lanczos.top(h, Math.min(options.topK(), n), options.tol(), options.maxIter(),
                        warmStart(previousVector, n), rng);
                case POWER -> PowerIteration.run(h, options.powerIters(), options.tol(), rng);
                case DENSE -> DenseSpectrum.top(new org.ejml.data.DMatrixRMaj(n, n, true, h.dense()), options.topK());
            };
        }
        return e;
    }

    /** The estimate on the range, its vectors mapped back to parameters; null when it must be redone on R^N. */
    private SpectrumEstimate onRange(Hessian full, RangeRestriction range, double[] previousVector) {
        int n = full.dimension();
        int m = range.dimension();
        SpectrumEstimate e;
        if (options.method() == SharpnessMethod.LANCZOS) {
            double[] start = null;
            if (previousVector != null && previousVector.length == n) {
                start = new double[m];
                range.project(previousVector, start);
            }
            e = Lanczos.top(range, options.topK(), options.tol(), options.maxIter(), warmStart(start, m, range), rng);
        } else {
            e = PowerIteration.run(range, options.powerIters(), options.tol(), rng);
        }
        if (!(e.top() > 0)) {
            // The range holds no positive eigenvalue, so λ_max(H) = 0 on the range's complement (N > M). The reduced
            // operator's own zeros include directions outside the range, whose vectors are no eigenvectors of H.
            return options.topK() == 1 && Double.isFinite(e.top()) ? zeroOutsideRange(full, range, e) : null;
        }
        for (double ev : e.eigenvalues()) {
            if (!(ev > 0)) {
                return null;
            }
        }
        double[][] vectors = new double[e.vectors().length][n];
        for (int i = 0; i < vectors.length; i++) {
            range.expand(e.vectors()[i], vectors[i]);
        }
        return new SpectrumEstimate(e.method(), e.eigenvalues(), e.residualNorms(), e.gap(), e.hvps(),
                e.converged(), vectors);
    }

    /**
     * Sharpness 0 with a unit vector z = v − P_S v of the range's complement (H = P_S H P_S, so Hz = 0); its
     * certificate ‖Hz‖ costs one full product.
     */
    private SpectrumEstimate zeroOutsideRange(Hessian full, RangeRestriction range, SpectrumEstimate e) {
        int n = full.dimension();
        double[] z = Lanczos.gaussian(n, rng);
        double[] c = new double[range.dimension()];
        range.project(z, c);
        double[] hz = new double[n];
        range.expand(c, hz);
        Blocks.axpy(-1, hz, z, n);
        Blocks.scale(1 / Blocks.norm(z, n), z, n);
        full.apply(z, hz);
        double residual = Blocks.norm(hz, n);
        boolean converged = residual <= options.tol() * Math.max(Math.abs(e.top()), Double.MIN_NORMAL);
        return new SpectrumEstimate(e.method(), new double[]{0}, new double[]{residual}, Double.NaN, e.hvps() + 1,
                converged, new double[][]{z});
    }

    /** The previous top vector plus a random component, or null (Lanczos then starts at random). */
    private double[] warmStart(double[] previousVector, int n) {
        return warmStart(previousVector != null && previousVector.length == n ? previousVector.clone() : null, n,
                null);
    }

    /** v plus a random component (both constrained to the range's coordinates when given); a random v when null. */
    private double[] warmStart(double[] v, int n, RangeRestriction range) {
        if (v == null && range == null) {
            return null;
        }
        double[] noise = Lanczos.gaussian(n, rng);
        if (range != null) {
            range.constrain(noise);
        }
        if (v == null) {
            return noise;
        }
        Blocks.axpy(WARM_START_NOISE / Blocks.norm(noise, n), noise, v, n);
        return v;
    }
}
