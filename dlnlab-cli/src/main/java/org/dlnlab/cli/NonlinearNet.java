package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;
import org.dlnlab.model.Activation;
import org.dlnlab.train.StopRule;

import java.util.List;

/**
 * What a network with an activation cannot be asked (docs/cli.md, activations): the diagnostics that stand on the
 * end-to-end matrix E = W_L ⋯ W_1 of a linear net (the distance to W*, the small-init corollary, the per-layer
 * structure against the linear theory, the closed-form trace). Each is refused, naming the option and the reason,
 * rather than reported as a number that means nothing.
 */
final class NonlinearNet {
    private NonlinearNet() {
    }

    private static InvalidInputException refused(String option, Activation a, String why) {
        return new InvalidInputException(option + ": not for a network with --activation " + a.label() + " (" + why
                + ")");
    }

    /** train's options that measure against the linear theory. */
    static void refuseLinearTheory(Activation a, boolean checkTheory, int structureEvery, List<StopRule> stops) {
        if (checkTheory) {
            throw refused("--check-theory", a, "the small-initialization corollary is a theorem on linear networks");
        }
        if (structureEvery > 0) {
            throw refused("--track structure:" + structureEvery, a, "rank-one defects, alignment and the PL ratio"
                    + " to R_min describe a linear network's layers against its end-to-end map");
        }
        for (StopRule rule : stops) {
            if (rule.quantity() == StopRule.Quantity.SQ_DISTANCE) {
                throw refused("--stop-when", a, "sq_distance is the distance of the end-to-end matrix to W*, which"
                        + " a nonlinear network does not have; use loss or grad_norm");
            }
        }
    }

    /** check's claims are the small-initialization corollary of linear networks. */
    static InvalidInputException checkRefused(Activation a) {
        return refused("check", a, "its claims (rank one, low norm, aligned, S/S_min) are the small-initialization"
                + " corollary of linear networks; sharpness --weights measures the sharpness of any network");
    }

    /** The exact trace is the closed form of a linear network. */
    static InvalidInputException exactTraceRefused(Activation a) {
        return refused("--trace-method exact", a, "the closed form holds for linear networks; use --trace-method"
                + " hutchinson[:PROBES]");
    }
}
