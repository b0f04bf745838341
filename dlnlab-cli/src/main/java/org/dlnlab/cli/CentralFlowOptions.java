package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;
import org.dlnlab.curvature.SharpnessMethod;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.train.AdaptiveCentralFlow;
import org.dlnlab.train.CentralFlow;
import org.dlnlab.train.StopRule;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/** The options of {@code --optimizer central-flow} and the one check of what it cannot be combined with. */
final class CentralFlowOptions {
    /** The reference scheme's name: explicit Euler, {@value CentralFlow#SUBSTEPS} substeps per GD step. */
    static final String EULER_4 = "euler:" + CentralFlow.SUBSTEPS;
    /** The error-controlled scheme ({@link AdaptiveCentralFlow}). */
    static final String ADAPTIVE = "adaptive";
    /** Values of --activation that leave the network linear. */
    private static final Set<String> LINEAR = Set.of("identity", "linear", "none");

    @Option(names = "--cf-scheme", paramLabel = "euler:4|adaptive", defaultValue = EULER_4,
            description = "Discretization of the central flow: euler:4, the authors' reference scheme (explicit Euler,"
                    + " 4 substeps of η/4 per GD step, eigenpairs refreshed by warm-started Lanczos at every substep,"
                    + " an eigenvalue active from 1.95/η on, with the restoring term), or adaptive (Dormand–Prince"
                    + " 8(5,3) with --atol/--rtol, the edge S = 2/η located as an event; one eigenvalue at the edge)"
                    + " (default: ${DEFAULT-VALUE}).")
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

    /** The flow these options describe, with train's --atol and --rtol for the adaptive scheme. */
    Scheme scheme(double lr, int steps, List<StopRule> stops, ParseResult parsed, double atol, double rtol) {
        if (maxActive < 1 || maxActive > CentralFlow.MAX_ACTIVE) {
            throw new InvalidInputException("--cf-max-active: must be 1.." + CentralFlow.MAX_ACTIVE + ", got "
                    + maxActive);
        }
        if (scheme.equals(EULER_4)) {
            for (String option : List.of("--atol", "--rtol")) {
                if (parsed.hasMatchedOption(option)) {
                    throw new InvalidInputException(option + ": the euler:4 scheme has fixed steps; tolerances only"
                            + " with --cf-scheme adaptive (or --optimizer flow)");
                }
            }
            return new Scheme(EULER_4, new CentralFlow(lr, steps, maxActive, stops), null);
        }
        if (!scheme.equals(ADAPTIVE)) {
            throw new InvalidInputException("--cf-scheme: unknown scheme \"" + scheme + "\"; expected " + EULER_4
                    + " or " + ADAPTIVE);
        }
        if (maxActive > 1) {
            throw new InvalidInputException("--cf-max-active: " + maxActive + " with --cf-scheme adaptive, which holds"
                    + " one eigenvalue at the edge (a closing gap stops it); use euler:4 for several");
        }
        TrainCommand.positive("--atol", atol, "a tolerance");
        TrainCommand.positive("--rtol", rtol, "a tolerance");
        return new Scheme(ADAPTIVE, null, new AdaptiveCentralFlow(lr, steps, stops, atol, rtol));
    }

    /** One of the two schemes (the other null), run the same way. */
    record Scheme(String name, CentralFlow euler, AdaptiveCentralFlow adaptive) {
        /** The run's result; statistics only for the adaptive scheme. */
        AdaptiveCentralFlow.Result run(LinearChainObjective objective, double[] w, Sharpness.Options options,
                                       RandomGenerator rng, Consumer<CentralFlow.Row> observer) {
            return adaptive != null ? adaptive.run(objective, w, options, rng, observer)
                    : new AdaptiveCentralFlow.Result(euler.run(objective, w, options, rng, observer), null);
        }

        int maxActive() {
            return euler != null ? euler.maxActive() : 1;
        }

        double stabilityLimit() {
            return euler != null ? euler.stabilityLimit() : adaptive.stabilityLimit();
        }
    }
}
