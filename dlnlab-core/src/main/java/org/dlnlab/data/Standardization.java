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
        return this == NONE ? data : fit(data).apply(data);
    }

    /**
     * The per-column transform x ← (x/unit − mean)·factor fitted on a data set (its means and standard deviations),
     * to be applied to it and, unchanged, to others: a test set is standardized with its training set's statistics.
     */
    public Fitted fit(Dataset data) {
        return new Fitted(columns(data.x(), data.d(), this == ZSCORE, data.source(), data.featureNames()),
                columns(data.y(), data.p(), false, data.source(), data.targetNames()));
    }

    /** The transforms of the inputs' and the targets' columns ({@link #NONE}: the identity). */
    public record Fitted(Column[] x, Column[] y) {
        /** A new data set with every column transformed. */
        public Dataset apply(Dataset data) {
            if (data.d() != x.length || data.p() != y.length) {
                throw new IllegalArgumentException("the data's columns do not match the fitted ones");
            }
            return new Dataset(data.source(), data.featureNames(), data.targetNames(),
                    transform(data.x(), x, data.source(), data.featureNames()),
                    transform(data.y(), y, data.source(), data.targetNames()));
        }

        private static double[] transform(double[] a, Column[] columns, String source, String[] names) {
            double[] out = a.clone();
            int width = columns.length;
            for (int j = 0; j < width; j++) {
                Column c = columns[j];
                for (int i = j; i < out.length; i += width) {
                    out[i] = (out[i] / c.unit - c.mean) * c.factor;
                    if (!Double.isFinite(out[i])) {
                        throw new InvalidInputException(new Text(source + ", column " + CsvTable.show(names[j])
                                + ": the centered values exceed the range of a double (about ±1.8e308); rescale the"
                                + " column or use "), new Setting(Input.STANDARDIZATION, ZSCORE.label()));
                    }
                }
            }
            return out;
        }
    }

    /**
     * One column's transform x ← (x/unit − mean)·factor. The work is done on the column divided by a power of two
     * near its largest magnitude: that division is exact, so ordinary data get the textbook result, while values
     * near the double range can neither overflow the sum nor the squares.
     */
    public record Column(double unit, double mean, double factor) {
    }

    private Column[] columns(double[] a, int width, boolean scale, String source, String[] names) {
        Column[] out = new Column[width];
        for (int j = 0; j < width; j++) {
            out[j] = this == NONE ? new Column(1, 0, 1) : column(a, j, width, scale, source, names[j]);
        }
        return out;
    }

    /** Fits column {@code j} of a row-major matrix: centered, and scaled to unit population std if asked. */
    private static Column column(double[] a, int j, int width, boolean scale, String source, String name) {
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
        return new Column(unit, mean, factor);
    }
}
