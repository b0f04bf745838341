package org.dlnlab.experiments.store;

import java.util.List;

/**
 * One point of a trajectory (Fig. 1c/1d and the residual analogue): the state W(t) before step t, with a
 * checked-Lanczos sharpness sample every K steps (empty cells between samples), mse convention.
 */
public record TrajectoryRow(String figure, String runKey, long seed, String init, double scale,
                            double learningRate, int step, double loss, double sqDistance, double gradNorm,
                            double sharpness, double sharpnessResidual) {

    public static final List<String> HEADER = List.of("figure", "run_key", "seed", "init", "scale", "learning_rate",
            "step", "loss", "sq_distance", "grad_norm", "sharpness", "sharpness_residual");

    public String toCsv() {
        return Csv.line(List.of(Csv.text(figure), Csv.text(runKey), Long.toString(seed), Csv.text(init),
                Csv.num(scale), Csv.num(learningRate), Integer.toString(step), Csv.num(loss), Csv.num(sqDistance),
                Csv.num(gradNorm), Csv.num(sharpness), Csv.num(sharpnessResidual)));
    }

    public static TrajectoryRow parse(String line) {
        List<String> c = Csv.split(line);
        if (c.size() != HEADER.size()) {
            throw new IllegalArgumentException("expected " + HEADER.size() + " cells, got " + c.size());
        }
        return new TrajectoryRow(c.get(0), c.get(1), Long.parseLong(c.get(2)), c.get(3), Csv.num(c.get(4)),
                Csv.num(c.get(5)), Integer.parseInt(c.get(6)), Csv.num(c.get(7)), Csv.num(c.get(8)),
                Csv.num(c.get(9)), Csv.num(c.get(10)), Csv.num(c.get(11)));
    }
}
