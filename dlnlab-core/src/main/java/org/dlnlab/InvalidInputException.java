package org.dlnlab;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Bad input from the user: a file, a cell, a setting. The message is a single line that names where (file, row,
 * column or setting) and what was expected.
 *
 * <p>The core speaks of its settings in its own words ({@link Input}); it does not know how a front end lets the
 * user choose them. A message that names a setting therefore keeps it as a {@link Setting} part: {@link #getMessage()}
 * words it the core's way ({@code initialization small:x: expected a finite scale …}), and a front end renders the
 * same parts with its own names through {@link #message(Function)} (a command line would print its option for
 * the initialization instead of the word).
 */
public class InvalidInputException extends RuntimeException {

    /** The inputs of the core that a user chooses and that its messages name. */
    public enum Input {
        /** Where training starts ({@code small:S}, {@code orthogonal}, …; {@code org.dlnlab.init.Initialization}). */
        INITIALIZATION("initialization"),
        /** The loss convention ({@code mse} or {@code half-mse}). */
        LOSS("loss"),
        /** How the data's columns are standardized ({@code none}, {@code center}, {@code zscore}). */
        STANDARDIZATION("standardization"),
        /** The factor c of the arbitrarily sharp minimizers (W_1, W_2) → (cW_1, W_2/c). */
        SHARPENING("sharpening factor"),
        /** The number of layers L. */
        DEPTH("depth"),
        /** Which column of the data is the target. */
        TARGET("target"),
        /** Which columns of the data are the inputs (by default every column that is not a target or dropped). */
        FEATURES("input columns"),
        /** Columns of the data left out, such as an id or a pandas index. */
        DROPPED_COLUMNS("dropped columns"),
        /** How the top Hessian eigenvalue is computed ({@code lanczos}, {@code power}, {@code dense}). */
        SHARPNESS_METHOD("sharpness method"),
        /** The size of the network: its hidden widths and its depth. */
        NETWORK_SIZE("width or depth"),
        /** How a weights file stores W_k: {@code out-in} (d_k × d_{k−1}) or {@code in-out}. */
        WEIGHTS_LAYOUT("layout"),
        /** The format weights are written in ({@code json}, {@code npz}, {@code safetensors}). */
        WEIGHTS_FORMAT("weights format"),
        /** A condition that ends training early ({@code sq_distance<1e-12}, …; {@code org.dlnlab.train.StopRule}). */
        STOP_RULE("stop rule"),
        /** The nonlinearity after every layer but the last ({@code linear}, {@code gelu}, …; {@code org.dlnlab.model.Activation}). */
        ACTIVATION("activation"),
        /** The number of samples in a mini-batch of stochastic gradient descent. */
        BATCH_SIZE("batch size");

        private final String words;

        Input(String words) {
            this.words = words;
        }

        /** The core's name for the input, as its messages use it. */
        public String words() {
            return words;
        }
    }

    /** A part of a message: plain text or a {@link Setting}. */
    public sealed interface Part permits Text, Setting {
    }

    /** Text that reads the same whoever shows the message. */
    public record Text(String text) implements Part {
        public Text {
            Objects.requireNonNull(text);
        }
    }

    /**
     * An input, with the value it was given or is advised to take ({@code null}: the input alone). The core words it
     * as its name followed by the value ({@code standardization zscore}).
     */
    public record Setting(Input input, String value) implements Part {
        public Setting {
            Objects.requireNonNull(input);
        }

        /** The input alone, without a value. */
        public static Setting of(Input input) {
            return new Setting(input, null);
        }

        /** The core's wording. */
        @Override
        public String toString() {
            return value == null ? input.words() : input.words() + " " + value;
        }
    }

    /** Text and settings, immutable; transient (they are not serializable): a deserialized copy keeps the wording. */
    private final transient List<Part> parts;

    /** A message without settings. */
    public InvalidInputException(String message) {
        this(message, null);
    }

    /** A message without settings, with its cause. */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
        this.parts = message == null ? List.of() : List.of(new Text(message));
    }

    /**
     * The input that is wrong, its value as given ({@code null} when it has none or none is worth repeating) and what
     * is wrong with it: {@code INPUT VALUE: DETAIL}.
     */
    public InvalidInputException(Input input, String value, String detail) {
        this(new Setting(input, value), new Text(": " + detail));
    }

    /** A message made of text and settings, read in order; a leading setting is the input that is wrong. */
    public InvalidInputException(Part... parts) {
        this(List.of(parts));
    }

    private InvalidInputException(List<Part> parts) {
        super(render(parts, Setting::toString));
        this.parts = parts;
    }

    /** The input this message is about when it starts with a setting, such as an unreadable initialization. */
    public Optional<Input> input() {
        return !parts().isEmpty() && parts().get(0) instanceof Setting s ? Optional.of(s.input()) : Optional.empty();
    }

    /** The parts of the message in order; {@link #getMessage()} is their core wording. */
    public List<Part> parts() {
        // null only after deserialization, which keeps the core wording alone
        return parts != null ? parts : getMessage() == null ? List.of() : List.of(new Text(getMessage()));
    }

    /** The message with every setting worded by {@code wording} (a front end's names for the inputs). */
    public String message(Function<Setting, String> wording) {
        return render(parts(), wording);
    }

    private static String render(List<Part> parts, Function<Setting, String> wording) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            sb.append(p instanceof Setting s ? wording.apply(s) : ((Text) p).text());
        }
        return sb.toString();
    }
}
