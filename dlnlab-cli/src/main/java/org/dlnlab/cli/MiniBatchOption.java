package org.dlnlab.cli;

import org.dlnlab.data.Dataset;
import org.dlnlab.InvalidInputException;
import org.dlnlab.InvalidInputException.Input;
import org.dlnlab.train.UpdateRule;

/** train --optimizer sgd: its batch size checked against the data, its random stream named. */
final class MiniBatchOption {
    /** The purpose of the stream the epochs' permutations come from (part of the output: renaming it moves numbers). */
    static final String STREAM = "sgd";

    private MiniBatchOption() {
    }

    /** @param streamPrefix a sweep run's key and a slash (train --run-key), or nothing */
    static UpdateRule sgd(double learningRate, int batchSize, Dataset data, long seed, String streamPrefix) {
        if (batchSize < 1 || batchSize > data.n()) {
            throw new InvalidInputException(Input.BATCH_SIZE, String.valueOf(batchSize), "must be in 1.." + data.n()
                    + " (n, the data's samples)");
        }
        return UpdateRule.sgd(learningRate, batchSize, data, seed, streamPrefix + STREAM);
    }
}
