package org.dlnlab.theory;

import org.dlnlab.InvalidInputException;
import org.dlnlab.InvalidInputException.Input;
import org.dlnlab.model.DeepLinearNet;

/** Minimizers built by hand to illustrate the theory (docs/formulas.md §4). */
public final class Constructions {
    private Constructions() {
    }

    /**
     * Arbitrarily sharp minimizers: (W_1, W_2) → (cW_1, W_2/c) keeps the end-to-end map, hence the risk, while
     * the sharpness grows like c².
     */
    public static double[] sharpen(DeepLinearNet net, double[] w, double c) {
        if (net.depth() < 2) {
            throw new InvalidInputException(Input.SHARPENING, null, "needs at least two layers");
        }
        if (!(c > 0) || !Double.isFinite(c)) {
            throw new InvalidInputException(Input.SHARPENING, null, "expected a positive factor, got " + c);
        }
        double[] out = w.clone();
        for (int i = net.offset(1); i < net.offset(2); i++) {
            out[i] *= c;
        }
        for (int i = net.offset(2); i < net.offset(2) + net.rows(2) * net.cols(2); i++) {
            out[i] /= c;
        }
        return out;
    }
}
