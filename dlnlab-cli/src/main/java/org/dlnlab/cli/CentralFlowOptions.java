package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;
import org.dlnlab.curvature.SharpnessMethod;
import org.dlnlab.train.CentralFlow;
import org.dlnlab.train.StopRule;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

import java.util.List;
import java.util.Set;

/** The options of {@code --optimizer central-flow} and the one check of what it cannot be combined with. */
final class CentralFlowOptions {
    /** The reference scheme's name: explicit Euler, {@value CentralFlow#SUBSTEPS} substeps per GD step. */
    static final String EULER_4 = "euler:" + CentralFlow.SUBSTEPS;
    /** Values of --activation that leave the network linear. */
    private static final Set<String> LINEAR = Set.of("identity", "linear", "none");

    @Option(names = "--cf-scheme", paramLabel = "euler:4", defaultValue = EULER_4,
            description = "Discretization of the central flow: euler:4, the authors' reference scheme (explicit Euler,"
                    + " 4 substeps of η/4 per GD step, eigenpairs refreshed by warm-started Lanczos at every substep,"
                    + " an eigenvalue active from 1.95/η on, with the restoring term) (default: ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--cf-max-active", paramLabel = "K", defaultValue = "1",
            description = "Most eigenvalues held at the edge 2/η at once, 1..3; with K = 1 a closing top gap ends the"
                    + " run (stop_reason \"eigenvalue crossing\") (default: ${DEFAULT-VALUE}).")
    int maxActive;

    /**
     * Refuses what the central flow cannot honour: power iteration (|λ| and no eigenvector), a nonlinear
     * activation (∇S is exact for deep linear networks only), momentum, mini-batches, the flow's time options and
     * the --track and --test-data samples (its trajectory has its own columns).
     */
    static void refuseIncompatible(ParseResult parsed, SharpnessMethod method) {
        if (method == SharpnessMethod.POWER) {
            throw new InvalidInputException("--method power: not with --optimizer central-flow, which needs the top"
                    + " eigenvector; power iteration gives |λ| only. Use lanczos or dense");
        }
        String activation = parsed.matchedOptionValue("--activation", null);
        if (activation != null && !LINEAR.contains(activation)) {
            throw new InvalidInputException("--activation " + activation + ": not with --optimizer central-flow,"
                    + " whose exact sharpness gradient is for deep linear networks");
        }
        for (String option : List.of("--momentum", "--batch-size", "--time", "--sample-every", "--track",
                "--test-data")) {
            if (parsed.hasMatchedOption(option)) {
                throw new InvalidInputException(option + ": not with --optimizer central-flow (full-batch, no momentum;"
                        + " its trajectory always has sharpness, gap, sigma2, active_eigenvalues and predicted_loss)");
            }
        }
    }

    /** The flow these options describe. */
    CentralFlow flow(double lr, int steps, List<StopRule> stops) {
        if (!scheme.equals(EULER_4)) {
            throw new InvalidInputException("--cf-scheme: unknown scheme \"" + scheme + "\"; expected " + EULER_4);
        }
        if (maxActive < 1 || maxActive > CentralFlow.MAX_ACTIVE) {
            throw new InvalidInputException("--cf-max-active: must be 1.." + CentralFlow.MAX_ACTIVE + ", got "
                    + maxActive);
        }
        return new CentralFlow(lr, steps, maxActive, stops);
    }
}
