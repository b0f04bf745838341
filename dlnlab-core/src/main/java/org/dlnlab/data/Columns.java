package org.dlnlab.data;

import java.util.List;

/**
 * Which columns of a data table are the targets, which the inputs and which are left out, by header name. An empty
 * list is the default: the data set's documented targets (the last column of a file), every column that is neither
 * a target nor dropped an input, nothing dropped.
 *
 * @param targets  the target columns, in the order wanted
 * @param features the input columns, in the order wanted
 * @param dropped  columns left out, such as an id or the nameless index column pandas writes (named {@code ""})
 */
public record Columns(List<String> targets, List<String> features, List<String> dropped) {
    public Columns {
        targets = targets == null ? List.of() : List.copyOf(targets);
        features = features == null ? List.of() : List.copyOf(features);
        dropped = dropped == null ? List.of() : List.copyOf(dropped);
    }

    /** The given targets (null or empty: the default ones), every other column an input. */
    public static Columns targets(List<String> targets) {
        return new Columns(targets, null, null);
    }
}
