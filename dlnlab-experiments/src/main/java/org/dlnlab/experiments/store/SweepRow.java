package org.dlnlab.experiments.store;

import java.util.List;

/**
 * One row of a sweep's tidy CSV: one run, its configuration, and what it measured. Every sharpness is in the
 * paper's mse convention; sharpness by our checked Lanczos (residual ‖Hv − θv‖, HVP count) unless named
 * {@code _power} (the paper's 20-step power iteration, |λ|). A diverged run has empty final cells.
 *
 * @param powerRelativeDifference |power − Lanczos| / |Lanczos| at the final weights
 * @param testLoss                risk of the final network on the test data (its own Σ, w*, R_min), or NaN
 * @param generalizationGap       test loss − training loss, or NaN
 */
public record SweepRow(String figure, String runKey, long seed, String data, String testData, int depth, int width,
                       String projection, String init, double scale, double learningRate, int steps, int rep,
                       boolean diverged, int divergedAtStep, int stepsDone, boolean converged,
                       double initLoss, double initSqDistance, double initSharpness, double initSharpnessResidual,
                       int initSharpnessHvps, double initSharpnessPower,
                       double finalLoss, double finalSqDistance, double finalGradNorm,
                       double finalSharpness, double finalSharpnessResidual, int finalSharpnessHvps,
                       Boolean finalSharpnessConverged, double finalSharpnessPower, double finalSharpnessPowerResidual,
                       double powerRelativeDifference, double testLoss, double generalizationGap) {

    public static final List<String> HEADER = List.of("figure", "run_key", "seed", "data", "test_data", "depth",
            "width", "projection", "init", "scale", "learning_rate", "steps", "rep", "diverged", "diverged_at_step",
            "steps_done", "converged", "init_loss", "init_sq_distance", "init_sharpness", "init_sharpness_residual",
            "init_sharpness_hvps", "init_sharpness_power", "final_loss", "final_sq_distance", "final_grad_norm",
            "final_sharpness", "final_sharpness_residual", "final_sharpness_hvps", "final_sharpness_converged",
            "final_sharpness_power", "final_sharpness_power_residual", "power_relative_difference", "test_loss",
            "generalization_gap");

    public String toCsv() {
        return Csv.line(List.of(Csv.text(figure), Csv.text(runKey), Long.toString(seed), Csv.text(data),
                Csv.text(testData), Integer.toString(depth), Integer.toString(width), Csv.text(projection),
                Csv.text(init), Csv.num(scale), Csv.num(learningRate), Integer.toString(steps), Integer.toString(rep),
                Boolean.toString(diverged), divergedAtStep >= 0 ? Integer.toString(divergedAtStep) : "",
                Integer.toString(stepsDone), Boolean.toString(converged), Csv.num(initLoss), Csv.num(initSqDistance),
                Csv.num(initSharpness), Csv.num(initSharpnessResidual), Integer.toString(initSharpnessHvps),
                Csv.num(initSharpnessPower), Csv.num(finalLoss), Csv.num(finalSqDistance), Csv.num(finalGradNorm),
                Csv.num(finalSharpness), Csv.num(finalSharpnessResidual),
                finalSharpnessHvps >= 0 ? Integer.toString(finalSharpnessHvps) : "",
                finalSharpnessConverged == null ? "" : finalSharpnessConverged.toString(),
                Csv.num(finalSharpnessPower), Csv.num(finalSharpnessPowerResidual), Csv.num(powerRelativeDifference),
                Csv.num(testLoss), Csv.num(generalizationGap)));
    }

    /** Reads a row written by {@link #toCsv()}; throws IllegalArgumentException on a malformed line. */
    public static SweepRow parse(String line) {
        List<String> c = Csv.split(line);
        if (c.size() != HEADER.size()) {
            throw new IllegalArgumentException("expected " + HEADER.size() + " cells, got " + c.size());
        }
        int i = 0;
        return new SweepRow(c.get(i++), c.get(i++), Long.parseLong(c.get(i++)), c.get(i++),
                Csv.textOrNull(c.get(i++)), Integer.parseInt(c.get(i++)), Integer.parseInt(c.get(i++)),
                Csv.textOrNull(c.get(i++)), c.get(i++), Csv.num(c.get(i++)), Csv.num(c.get(i++)),
                Integer.parseInt(c.get(i++)), Integer.parseInt(c.get(i++)), bool(c.get(i++)),
                c.get(i).isEmpty() ? -1 : Integer.parseInt(c.get(i)), Integer.parseInt(c.get(++i)),
                bool(c.get(++i)), Csv.num(c.get(++i)), Csv.num(c.get(++i)), Csv.num(c.get(++i)),
                Csv.num(c.get(++i)), Integer.parseInt(c.get(++i)), Csv.num(c.get(++i)), Csv.num(c.get(++i)),
                Csv.num(c.get(++i)), Csv.num(c.get(++i)), Csv.num(c.get(++i)), Csv.num(c.get(++i)),
                c.get(++i).isEmpty() ? -1 : Integer.parseInt(c.get(i)),
                c.get(++i).isEmpty() ? null : bool(c.get(i)), Csv.num(c.get(++i)), Csv.num(c.get(++i)),
                Csv.num(c.get(++i)), Csv.num(c.get(++i)), Csv.num(c.get(++i)));
    }

    private static boolean bool(String s) {
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + s);
        };
    }
}
