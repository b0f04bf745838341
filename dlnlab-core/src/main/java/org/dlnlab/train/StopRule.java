package org.dlnlab.train;

import org.dlnlab.InvalidInputException;
import org.dlnlab.InvalidInputException.Input;
import org.dlnlab.objective.Objective;

import java.util.ArrayList;
import java.util.List;

/**
 * Ends a run once a quantity of the current point falls below a threshold, {@code sq_distance<1e-12}: one mechanism
 * for every optimizer. Gradient descent and momentum check it at every step's point; the flow locates the crossing
 * by an event of its integrator.
 */
public record StopRule(Quantity quantity, double threshold) {
    /** What a rule watches, named as in trajectory.csv. */
    public enum Quantity {
        LOSS("loss"), SQ_DISTANCE("sq_distance"), GRAD_NORM("grad_norm");

        private final String label;

        Quantity(String label) {
            this.label = label;
        }

        /** The quantity at the objective's last evaluated point. */
        double at(Objective o) {
            return switch (this) {
                case LOSS -> o.risk();
                case SQ_DISTANCE -> o.sqDistance();
                case GRAD_NORM -> o.gradientNorm();
            };
        }
    }

    /** quantity − threshold at the objective's last evaluated point: negative once the rule is met. */
    double margin(Objective o) {
        return quantity.at(o) - threshold;
    }

    /** Whether any rule holds at the objective's last evaluated point. */
    static boolean anyMet(List<StopRule> rules, Objective o) {
        for (StopRule r : rules) {
            if (r.margin(o) < 0) {
                return true;
            }
        }
        return false;
    }

    /** Parses {@code QUANTITY<THRESHOLD}, several separated by commas (any of them stops the run). */
    public static List<StopRule> parse(String text) {
        List<StopRule> rules = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] sides = part.strip().split("<", -1);
            Quantity q = null;
            for (Quantity c : Quantity.values()) {
                if (sides.length == 2 && c.label.equals(sides[0].strip())) {
                    q = c;
                }
            }
            double threshold = Double.NaN;
            try {
                threshold = sides.length == 2 ? Double.parseDouble(sides[1].strip()) : Double.NaN;
            } catch (NumberFormatException e) {
                // reported below
            }
            if (q == null || !Double.isFinite(threshold)) {
                throw new InvalidInputException(Input.STOP_RULE, part.strip(), "expected QUANTITY<THRESHOLD with"
                        + " QUANTITY loss, sq_distance or grad_norm and a finite number, e.g. sq_distance<1e-12");
            }
            rules.add(new StopRule(q, threshold));
        }
        return List.copyOf(rules);
    }
}
