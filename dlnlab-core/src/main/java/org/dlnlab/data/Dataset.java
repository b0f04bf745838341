package org.dlnlab.data;

/**
 * A regression data set as read: inputs X (n×d) and targets Y (n×p), both row-major.
 *
 * @param source       where it came from (a path or {@code builtin:NAME}), for messages
 * @param featureNames the d input column names
 * @param targetNames  the p target column names
 */
public record Dataset(String source, String[] featureNames, String[] targetNames, double[] x, double[] y) {
    public Dataset {
        if (x.length % featureNames.length != 0 || y.length % targetNames.length != 0
                || x.length / featureNames.length != y.length / targetNames.length) {
            throw new IllegalArgumentException("X and Y sizes do not match the column counts");
        }
    }

    public int n() {
        return x.length / featureNames.length;
    }

    public int d() {
        return featureNames.length;
    }

    public int p() {
        return targetNames.length;
    }
}
