package org.dlnlab.experiments.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The runs of a sweep as nested loops over axes, the first axis outermost, with their stable keys: the only place
 * either is built. A key is the family id, then {@code /name=value} per axis in loop order, e.g.
 * {@code fig1/eta=0.005/s=0.25/rep=000}, {@code fig2/L=05/eta=0.01/rep=000}, {@code fig1_trajectories/eta=0.02/s=0.35};
 * η and s as {@link Grids#key} writes them, L with two digits, repetitions as {@link Grids#rep} writes them. The
 * random streams of a run derive from (seed, key): a key written differently changes the run's numbers.
 */
public final class RunGrid {
    /** A run the loops so far have set, and the repetitions its schedule asks for (0 before a schedule). */
    private record Point(RunConfig run, int reps) {
    }

    /** One loop: the points it makes of a point the outer loops have set, in order. */
    private interface Axis {
        List<Point> expand(Point outer);
    }

    private final RunConfig base;
    private final List<Axis> axes;

    private RunGrid(RunConfig base, List<Axis> axes) {
        this.base = base;
        this.axes = axes;
    }

    /**
     * A grid over a base run, which holds what no axis sets; its key is the family id, the start of every key (a
     * field an axis sets is overwritten).
     */
    public static RunGrid of(RunConfig base) {
        return new RunGrid(base, List.of());
    }

    /** η and its number of steps per schedule ({@code eta}); the repetitions are {@link #scheduledReps()}'s. */
    public RunGrid schedules(List<Schedule> schedules) {
        return with(p -> schedules.stream().map(sch -> new Point(set(p.run(), "eta=" + Grids.key(sch.learningRate()),
                p.run().depth(), p.run().projection(), p.run().scale(), sch.learningRate(), sch.steps(), p.run().rep()),
                sch.reps())).toList());
    }

    /** η ({@code eta}). */
    public RunGrid rates(List<Double> rates) {
        return with(p -> rates.stream().map(eta -> new Point(set(p.run(), "eta=" + Grids.key(eta), p.run().depth(),
                p.run().projection(), p.run().scale(), eta, p.run().steps(), p.run().rep()), p.reps())).toList());
    }

    /** The initialization scale s ({@code s}). */
    public RunGrid scales(List<Double> scales) {
        return with(p -> scales.stream().map(s -> new Point(set(p.run(), "s=" + Grids.key(s), p.run().depth(),
                p.run().projection(), s, p.run().learningRate(), p.run().steps(), p.run().rep()), p.reps())).toList());
    }

    /** The depth L ({@code L}, two digits, so that keys of one sweep sort like the grid) with its projection. */
    public RunGrid depths(List<Integer> depths, IntFunction<String> projection) {
        return with(p -> depths.stream().map(l -> new Point(set(p.run(), String.format(Locale.ROOT, "L=%02d", l), l,
                projection.apply(l), p.run().scale(), p.run().learningRate(), p.run().steps(), p.run().rep()),
                p.reps())).toList());
    }

    /** Repetitions 0 … n − 1 ({@code rep}). */
    public RunGrid reps(int n) {
        return with(p -> reps(p, n));
    }

    /** The repetitions of each run's schedule ({@code rep}). */
    public RunGrid scheduledReps() {
        return with(p -> reps(p, p.reps()));
    }

    public List<RunConfig> runs() {
        List<Point> points = List.of(new Point(base, 0));
        for (Axis axis : axes) {
            List<Point> next = new ArrayList<>();
            for (Point p : points) {
                next.addAll(axis.expand(p));
            }
            points = next;
        }
        return points.stream().map(Point::run).toList();
    }

    private RunGrid with(Axis axis) {
        List<Axis> a = new ArrayList<>(axes);
        a.add(axis);
        return new RunGrid(base, List.copyOf(a));
    }

    private static List<Point> reps(Point p, int n) {
        List<Point> out = new ArrayList<>(n);
        for (int rep = 0; rep < n; rep++) {
            RunConfig r = p.run();
            out.add(new Point(set(r, "rep=" + Grids.rep(rep), r.depth(), r.projection(), r.scale(), r.learningRate(),
                    r.steps(), rep), p.reps()));
        }
        return out;
    }

    /** The run with {@code /part} appended to its key and the fields an axis may set replaced. */
    private static RunConfig set(RunConfig r, String part, int depth, String projection, double scale,
                                 double learningRate, int steps, int rep) {
        return new RunConfig(r.figure(), r.key() + "/" + part, r.data(), r.testData(), depth, r.width(), projection,
                r.init(), scale, learningRate, steps, rep, r.sharpnessEvery(), r.activation(), r.batchSize());
    }
}
