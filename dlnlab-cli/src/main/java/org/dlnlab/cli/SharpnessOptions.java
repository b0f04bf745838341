package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SharpnessMethod;
import picocli.CommandLine.Option;

/** How sharpness is measured: method, tolerance, top-k, power-iteration steps. */
public final class SharpnessOptions {
    @Option(names = {"--sharpness-method", "--method"}, paramLabel = "lanczos|power|dense", defaultValue = "lanczos",
            description = "lanczos: checked Lanczos; power: the paper's fixed-step power iteration, returns |λ|;"
                    + " dense: full eigendecomposition (small nets) (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--tol", defaultValue = "1e-10",
            description = "Relative residual tolerance ‖Hv − θv‖ ≤ tol·max(|θ|, ‖T‖) (default: ${DEFAULT-VALUE}).")
    double tol;

    @Option(names = "--top", paramLabel = "K", defaultValue = "1", description = "How many eigenvalues (at each end asked for) (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--power-iters", paramLabel = "N", defaultValue = "20",
            description = "Steps of the power iteration (default: ${DEFAULT-VALUE}, the paper's).")
    int powerIters;

    @Option(names = "--max-iter", paramLabel = "M", defaultValue = "500", description = "Most Lanczos steps (default: ${DEFAULT-VALUE}).")
    int maxIter;

    Sharpness.Options options() {
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw new InvalidInputException("--tol: must be a positive number, got " + tol);
        }
        if (top < 1) {
            throw new InvalidInputException("--top: must be ≥ 1, got " + top);
        }
        if (powerIters < 1) {
            throw new InvalidInputException("--power-iters: must be ≥ 1, got " + powerIters);
        }
        if (maxIter < 1) {
            throw new InvalidInputException("--max-iter: must be ≥ 1, got " + maxIter);
        }
        return new Sharpness.Options(SharpnessMethod.parse(method), top, tol, powerIters, maxIter);
    }
}
