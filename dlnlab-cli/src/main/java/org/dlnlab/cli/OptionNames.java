package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;
import org.dlnlab.InvalidInputException.Input;
import org.dlnlab.InvalidInputException.Setting;

/**
 * The command line's names for the core's inputs: the core words a bad input in its own terms
 * ({@code initialization small:x: …}), the user sees the option they typed ({@code --init small:x: …}).
 */
final class OptionNames {
    private OptionNames() {
    }

    /** The option (or options) that choose the input. */
    static String option(Input input) {
        return switch (input) {
            case INITIALIZATION -> "--init";
            case LOSS -> "--loss";
            case STANDARDIZATION -> "--standardize";
            case SHARPENING -> "--sharpen";
            case DEPTH -> "--depth";
            case TARGET -> "--target";
            case FEATURES -> "--features";
            case DROPPED_COLUMNS -> "--drop";
            case SHARPNESS_METHOD -> "--sharpness-method";
            case NETWORK_SIZE -> "--width or --depth";
            case WEIGHTS_LAYOUT -> "--weights-layout";
            case WEIGHTS_FORMAT -> "--weights-format";
            case STOP_RULE -> "--stop-when";
            case ACTIVATION -> "--activation";
            case BATCH_SIZE -> "--batch-size";
        };
    }

    /** A setting as typed: the option and, where there is one, its value. */
    static String of(Setting setting) {
        String option = option(setting.input());
        return setting.value() == null ? option : option + " " + setting.value();
    }

    /** The exception's message with every setting named by its option: the one line the user sees. */
    static String message(InvalidInputException e) {
        return e.message(OptionNames::of);
    }
}
