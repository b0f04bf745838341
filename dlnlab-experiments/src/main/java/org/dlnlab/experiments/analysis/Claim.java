package org.dlnlab.experiments.analysis;

import org.dlnlab.experiments.store.Csv;

import java.util.List;

/**
 * One row of the report's claim-vs-measured table, computed from the measurements.
 *
 * @param id       stable identifier (the test and claims.csv use it)
 * @param claim    what the paper says, in words
 * @param paper    the paper's value or statement
 * @param measured what this run measured, in words with the numbers
 * @param value    the main measured number (NaN when there is none)
 * @param verdict  whether the measurement supports the claim
 * @param rule     how the verdict follows from the numbers, thresholds included
 */
public record Claim(String id, String claim, String paper, String measured, double value, Verdict verdict,
                    String rule) {
    /** The rule of a claim that is only reported. */
    public static final String NO_RULE = "reported, no verdict";

    /** How a measurement relates to a claim. */
    public enum Verdict {
        AGREES("agrees"), PARTLY("partly"), DISAGREES("disagrees"), UNDETERMINED("undetermined"),
        REPORTED("reported (no claim to check)");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static final List<String> HEADER = List.of("id", "claim", "paper", "measured", "value", "verdict", "rule");

    public String toCsv() {
        return Csv.line(List.of(Csv.text(id), Csv.text(claim), Csv.text(paper), Csv.text(measured), Csv.num(value),
                Csv.text(verdict.label()), Csv.text(rule)));
    }
}
