package org.dlnlab.data;

import org.dlnlab.InvalidInputException;
import org.dlnlab.InvalidInputException.Input;
import org.dlnlab.InvalidInputException.Setting;
import org.dlnlab.InvalidInputException.Text;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the columns of a data set are standardized before training. Raw columns on different scales (diabetes)
 * make Σ = XᵀX/n ill-conditioned, which changes every bound and learning rate; centering removes the intercept the
 * network cannot fit, and the z-score puts every input on unit variance. Y is only centered, never scaled, so that
 * losses stay in the target's units.
 */
public enum Standardization {
    NONE, CENTER, ZSCORE;

    /** Parses a choice by its label ({@code none}, {@code center} or {@code zscore}). */
    public static Standardization parse(String label) {
        for (Standardization s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new InvalidInputException(Input.STANDARDIZATION, CsvTable.show(String.valueOf(label)), "expected "
                + Arrays.stream(values()).map(Standardization::label).collect(Collectors.joining(", ")));
    }

    /** The choice's name: none, center or zscore. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The standardized data set, new arrays; {@code NONE} returns {@code data} itself. */
    public Dataset apply(Dataset data) {
        if (this == NONE) {
            return data;
        }
        double[] x = data.x().clone();
        double[] y = data.y().clone();
        for (int j = 0; j < data.d(); j++) {
            standardizeColumn(x, j, data.d(), this == ZSCORE, data.source(), data.featureNames()[j]);
        }
        for (int j = 0; j < data.p(); j++) {
            standardizeColumn(y, j, data.p(), false, data.source(), data.targetNames()[j]);
        }
        return new Dataset(data.source(), data.featureNames(), data.targetNames(), x, y);
    }

    /**
     * Centers (and optionally scales to unit population std) column {@code j} of a row-major matrix in place.
     * The work is done on the column divided by a power of two near its largest magnitude: that division is
     * exact, so ordinary data get the textbook result, while values near the double range can neither
     * overflow the sum nor the squares.
     */
    private static void standardizeColumn(double[] a, int j, int width, boolean scale, String source,
                                          String name) {
        int n = a.length / width;
        double maxAbs = 0;
        for (int i = 0; i < n; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(a[i * width + j]));
        }
        double unit = maxAbs == 0 ? 1 : Math.scalb(1.0, Math.getExponent(maxAbs));
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double u = a[i * width + j] / unit;
            sum += u;
            min = Math.min(min, u);
            max = Math.max(max, u);
        }
        // Rounding can push the mean of equal values off them; clamping keeps a constant column exactly zero.
        double mean = Math.min(max, Math.max(min, sum / n));
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            double c = a[i * width + j] / unit - mean;
            a[i * width + j] = c;
            sumSquares += c * c;
        }
        double factor = unit;
        if (scale) {
            if (sumSquares == 0) {
                throw new InvalidInputException(new Text(source + ", column " + CsvTable.show(name)
                        + ": every value is the same, so it cannot be divided by its standard deviation ("),
                        new Setting(Input.STANDARDIZATION, ZSCORE.label()), new Text("); drop the column or use "),
                        new Setting(Input.STANDARDIZATION, CENTER.label()));
            }
            factor = 1 / Math.sqrt(sumSquares / n); // x ← (x − mean) / std, std = √(Σ(x − mean)²/n)
        }
        for (int i = 0; i < n; i++) {
            a[i * width + j] *= factor;
            if (!Double.isFinite(a[i * width + j])) {
                throw new InvalidInputException(new Text(source + ", column " + CsvTable.show(name)
                        + ": the centered values exceed the range of a double (about ±1.8e308); rescale the"
                        + " column or use "), new Setting(Input.STANDARDIZATION, ZSCORE.label()));
            }
        }
    }
}
