package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;
import org.dlnlab.theory.SmallInitCheck;
import picocli.CommandLine.Option;

/** Tolerances of the small-init claims. */
final class CheckOptions {
    @Option(names = "--rank-one-tol", defaultValue = "1e-2",
            description = "Largest relative rank-one defect counted as rank one (default: ${DEFAULT-VALUE}).")
    double rankOne;

    @Option(names = "--alignment-tol", defaultValue = "1e-2",
            description = "Largest misalignment 1 − ⟨v_{k+1}, u_k⟩² counted as aligned (default: ${DEFAULT-VALUE}).")
    double alignment;

    @Option(names = "--minimizer-tol", defaultValue = "1e-8",
            description = "Largest squared distance counted as a minimizer (default: ${DEFAULT-VALUE}).")
    double minimizer;

    SmallInitCheck check() {
        for (double[] v : new double[][]{{rankOne}, {alignment}, {minimizer}}) {
            if (!(v[0] > 0) || !Double.isFinite(v[0])) {
                throw new InvalidInputException("--rank-one-tol, --alignment-tol, --minimizer-tol: must be positive"
                        + " numbers");
            }
        }
        return new SmallInitCheck(rankOne, alignment, minimizer);
    }
}
