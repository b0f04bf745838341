package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;
import org.dlnlab.model.Activation;
import org.dlnlab.model.StandardActivation;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The nonlinearity of the network (docs/formulas.md §5). Unset, it is what a weights file records, else linear; so
 * weights are measured as the network they were trained as.
 */
final class ActivationOption {
    @Option(names = "--activation", paramLabel = "linear|gelu|tanh|relu|leaky-relu[:α]",
            description = "Nonlinearity after every layer but the last: linear (a deep linear network), gelu (exact,"
                    + " x·Φ(x)), tanh, relu (ReLU′(0) = 0) or leaky-relu:α (x > 0 ? x : αx, α in (0, 1), default"
                    + " 0.01). Default: what the weights file records, else linear.")
    String activation;

    /** Whether --activation was typed. */
    boolean typed() {
        return activation != null;
    }

    /** The typed activation, or linear. */
    Activation typedOrLinear() {
        return activation == null ? StandardActivation.LINEAR : Activation.parse(activation);
    }

    /**
     * The activation of weights read from a file whose record names {@code recorded} (null: it names none): the
     * recorded one unless typed, and a typed one that contradicts it is refused naming both.
     */
    Activation forWeights(Path file, String recorded) {
        Activation typed = activation == null ? null : Activation.parse(activation);
        if (recorded == null) {
            return typed != null ? typed : StandardActivation.LINEAR;
        }
        Activation fromFile;
        try {
            fromFile = Activation.parse(recorded);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": records the activation \"" + recorded + "\", which this"
                    + " version does not know");
        }
        if (typed != null && !typed.label().equals(fromFile.label())) {
            throw new InvalidInputException("--activation " + activation + " contradicts the weights " + file
                    + ", trained with --activation " + fromFile.label() + "; drop the option");
        }
        return fromFile;
    }
}
