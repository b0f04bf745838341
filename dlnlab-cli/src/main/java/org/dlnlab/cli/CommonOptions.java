package org.dlnlab.cli;

import org.dlnlab.data.Columns;
import org.dlnlab.data.DataSources;
import org.dlnlab.data.Dataset;
import org.dlnlab.data.Problem;
import org.dlnlab.data.Standardization;
import org.dlnlab.objective.LossConvention;
import picocli.CommandLine.Option;

import java.util.List;

/** The options every command shares (docs/cli.md, shared options). */
public final class CommonOptions {
    @Option(names = "--data", paramLabel = "FILE|builtin:NAME", defaultValue = "builtin:mc_fig1",
            description = "Data CSV (header row, last column the target unless --target/--targets), or a built-in"
                    + " set: mc_fig1, mc_fig1_test, mc_fig6, mc_fig6_test, mc_nonlinear, diabetes, linnerud; or"
                    + " generated statistics builtin:commuting:sigma=…[:lambda=…] or"
                    + " builtin:noncommuting:sigma=…:lambda=…:angle=θ (docs/cli.md)."
                    + " Default: ${DEFAULT-VALUE}, the paper's data.")
    String data;

    @Option(names = "--target", paramLabel = "COL",
            description = "The target column (default: the last column; linnerud: Weight, Waist, Pulse).")
    String target;

    @Option(names = "--targets", paramLabel = "A,B,..", split = ",",
            description = "Several target columns (default: as --target).")
    List<String> targets;

    @Option(names = "--features", paramLabel = "COL", split = ",",
            description = "The input columns, in this order (default: every column that is not a target or"
                    + " dropped).")
    List<String> features;

    @Option(names = "--drop", paramLabel = "COL", split = ",",
            description = "Columns to leave out, e.g. an id; --drop '' drops the nameless first column of a pandas"
                    + " index (default: none).")
    List<String> drop;

    @Option(names = "--standardize", paramLabel = "none|center|zscore", defaultValue = "none",
            description = "Preprocessing of the columns (default: ${DEFAULT-VALUE}, as the paper).")
    String standardize;

    @Option(names = "--loss", paramLabel = "mse|half-mse", defaultValue = "mse",
            description = "Risk convention of every loss and sharpness: mse = (1/n)‖Y − XE‖² (the paper's),"
                    + " half-mse = half of it (Gidel's). Default: ${DEFAULT-VALUE}.")
    String loss;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every random stream (default: 0).")
    long seed;

    @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    /** The loaded, standardized data set. */
    Dataset dataset() {
        return Standardization.parse(standardize).apply(raw(data));
    }

    /**
     * A test set with the same columns, standardized with the training set's statistics (never its own: the test
     * risk must be that of the function the training fitted).
     */
    Dataset testSet(String spec) {
        Dataset test = raw(spec);
        Dataset train = raw(data);
        if (test.d() != train.d() || test.p() != train.p()) {
            throw new org.dlnlab.InvalidInputException("--test-data " + spec + ": has " + test.d() + " inputs and "
                    + test.p() + " targets, the training data " + train.d() + " and " + train.p());
        }
        return Standardization.parse(standardize).fit(train).apply(test);
    }

    private Dataset raw(String spec) {
        List<String> cols = targets != null ? targets : target != null ? List.of(target) : List.of();
        if (target != null && targets != null) {
            throw new org.dlnlab.InvalidInputException("--target and --targets: give one of them, not both");
        }
        return DataSources.load(spec, new Columns(cols, features, drop));
    }

    Problem problem() {
        return Problem.of(dataset());
    }

    LossConvention lossConvention() {
        return LossConvention.parse(loss);
    }
}
