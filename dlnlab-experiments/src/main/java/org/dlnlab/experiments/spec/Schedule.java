package org.dlnlab.experiments.spec;

/** One learning rate of a sweep with its number of GD steps and repetitions per scale. */
public record Schedule(double learningRate, int steps, int reps) {
    public Schedule {
        if (!(learningRate > 0) || steps < 1 || reps < 1) {
            throw new IllegalArgumentException("schedule needs η > 0, steps ≥ 1, reps ≥ 1: " + learningRate + ", "
                    + steps + ", " + reps);
        }
    }

    @Override
    public String toString() {
        return "(η=" + learningRate + ", " + steps + " steps, " + reps + " reps)";
    }
}
