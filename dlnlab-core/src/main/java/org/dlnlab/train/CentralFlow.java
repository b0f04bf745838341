package org.dlnlab.train;

import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.kernels.Blocks;
import org.dlnlab.objective.CurvatureGradient;
import org.dlnlab.objective.LinearChainObjective;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The central flow of gradient descent with step η (docs/formulas.md §7), dw/dt = −η[∇R + ½∇⟨H, Σ⟩] with t in GD
 * steps, by the authors' reference scheme: explicit Euler with {@value #SUBSTEPS} substeps per GD step
 * (h = η/{@value #SUBSTEPS}; another count on request), the top eigenpairs refreshed at every substep by warm-started Lanczos, an eigenvalue
 * active when it is ≥ {@value #ACTIVE_AT}/η. A substep with no active eigenvalue is the objective's own GD step with
 * step h, so below the edge the scheme is gradient descent with step h, bit for bit. With k active eigenvalues
 * the substep is w ← w − h(∇R + ½Σ_ij X_ij ∇(u_iᵀHu_j)), X the solution of {@link EdgeComplementarity} with the
 * restoring term, which for k = 1 is σ² = max(0, 2⟨−∇R, ∇S⟩/‖∇S‖² + 2(S − 2/η)/(h‖∇S‖²)).
 * <p>
 * The observer sees one {@link Row} per GD step t = 0, 1, …, N at W(t) (the point of the step's first substep),
 * its weights in the step record. With at most one eigenvalue allowed at the edge, a top gap below
 * {@value #CROSSING_GAP}·S at an active substep ends the run there ({@link StopReason#EIGENVALUE_CROSSING}): ∇S is
 * not defined where λ_max is double; that last row's time then lies between GD steps.
 *
 * @param learningRate η
 * @param steps        GD steps N (the flow runs to t = N, time ηN)
 * @param maxActive    k, the most eigenvalues held at the edge (1..3)
 * @param stops        rules that end the run early, checked at every GD step's point
 * @param substeps     Euler substeps per GD step ({@value #SUBSTEPS} in the reference scheme; more to watch the
 *                     scheme converge to the continuous flow, {@link AdaptiveCentralFlow})
 */
public record CentralFlow(double learningRate, int steps, int maxActive, List<StopRule> stops, int substeps) {
    public static final int SUBSTEPS = 4;
    /** An eigenvalue is active from this multiple of 1/η on (the reference code's threshold). */
    public static final double ACTIVE_AT = 1.95;
    /** With k = 1, a gap λ_1 − λ_2 below this fraction of λ_1 ends the run. */
    public static final double CROSSING_GAP = 1e-6;
    public static final int MAX_ACTIVE = 3;

    public CentralFlow {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be ≥ 0");
        }
        if (maxActive < 1 || maxActive > MAX_ACTIVE) {
            throw new IllegalArgumentException("at most 1.." + MAX_ACTIVE + " eigenvalues at the edge, got "
                    + maxActive);
        }
        if (substeps < 1) {
            throw new IllegalArgumentException("at least one substep per GD step, got " + substeps);
        }
        stops = List.copyOf(stops);
    }

    /** The reference scheme, {@value #SUBSTEPS} substeps per GD step. */
    public CentralFlow(double learningRate, int steps, int maxActive, List<StopRule> stops) {
        this(learningRate, steps, maxActive, stops, SUBSTEPS);
    }

    /**
     * One row of the trajectory.
     *
     * @param sharpness         λ_1 at the point
     * @param gap               λ_1 − λ_2
     * @param sigma2            tr X (σ² with one eigenvalue at the edge) of the substep taken from this point
     * @param activeEigenvalues how many eigenvalues are ≥ {@value #ACTIVE_AT}/η
     * @param predictedLoss     R + σ²/η, the predicted time-average of GD's loss
     */
    public record Row(StepRecord step, double sharpness, double gap, double sigma2, int activeEigenvalues,
                      double predictedLoss) {
    }

    /**
     * The active set changed from {@code from} to {@code to} eigenvalues at this point: substep {@code substep} of GD
     * step {@code step}, at {@code atStep} GD steps (for {@link AdaptiveCentralFlow}'s located events, substep is -1
     * and atStep lies between step and step + 1).
     */
    public record ActiveSetChange(int step, int substep, double atStep, int from, int to, double sharpness) {
    }

    /**
     * @param edgeStep              the first GD step with an active substep, or -1
     * @param maxEdgeDeviation      max |ηS − 2| over the points reached by an active substep (NaN if none)
     * @param complementarityError  the largest {@link EdgeComplementarity#violation} of X over the substeps with
     *                              two or more active eigenvalues (0 if none: with one, X is exact)
     */
    public record Result(TrainResult result, int edgeStep, double maxEdgeDeviation, List<ActiveSetChange> changes,
                         double finalTime, double complementarityError) {
    }

    /** The largest sharpness of a point the scheme can rest at: 2/η, as for GD. */
    public double stabilityLimit() {
        return 2 / learningRate;
    }

    /**
     * Runs the flow from w (moved in place). The eigenpairs come from an estimator with the given options asking
     * for k + 1 eigenvalues (so that the gap below the active ones is certified too), its random stream the given
     * one.
     */
    public Result run(LinearChainObjective objective, double[] w, Sharpness.Options options, RandomGenerator rng,
                      Consumer<Row> observer) {
        Sharpness.Options eig = new Sharpness.Options(options.method(), maxActive + 1, options.tol(),
                options.powerIters(), options.maxIter());
        Edge edge = new Edge(objective, new Sharpness(eig, rng));
        double h = learningRate / substeps;
        List<ActiveSetChange> changes = new ArrayList<>();
        int edgeStep = -1;
        double maxDeviation = Double.NaN;
        int previousActive = 0;
        Divergence divergence = null;
        StopReason reason = null;
        int t = 0;
        int substep = 0;
        for (; ; t++) {
            for (substep = 0; substep < substeps; substep++) {
                edge.evaluate(w);
                if (divergence == null) {
                    divergence = Divergence.from(objective, edge.loss);
                }
                if (divergence.diverged(edge.loss, edge.gradNorm)) {
                    return new Result(TrainResult.diverged(t), edgeStep, maxDeviation, List.copyOf(changes),
                            Double.NaN, edge.complementarityError);
                }
                if (edge.active != previousActive) {
                    changes.add(new ActiveSetChange(t, substep, t + (double) substep / substeps, previousActive,
                            edge.active, edge.sharpness()));
                }
                if (previousActive > 0) {
                    double deviation = Math.abs(learningRate * edge.sharpness() - 2);
                    maxDeviation = Double.isNaN(maxDeviation) ? deviation : Math.max(maxDeviation, deviation);
                }
                previousActive = edge.active;
                if (substep == 0) {
                    observer.accept(edge.row(t, t * learningRate, w));
                    if (t == steps) {
                        reason = StopReason.COMPLETED;
                    } else if (Thread.currentThread().isInterrupted()) {
                        reason = StopReason.INTERRUPTED;
                    } else if (!stops.isEmpty() && StopRule.anyMet(stops, objective)) {
                        reason = StopReason.STOP_RULE;
                    }
                }
                // Only an active eigenvalue needs ∇S, which a double eigenvalue does not have.
                if (reason == null && maxActive == 1 && edge.active > 0
                        && edge.gap() < CROSSING_GAP * edge.sharpness()) {
                    reason = StopReason.EIGENVALUE_CROSSING;
                    if (substep > 0) {
                        observer.accept(edge.row(t, (t + (double) substep / substeps) * learningRate, w));
                    }
                }
                if (reason != null) {
                    break;
                }
                if (edge.active > 0 && edgeStep < 0) {
                    edgeStep = t;
                }
                edge.step(w, h);
            }
            if (reason != null) {
                break;
            }
        }
        double time = (t + (double) substep / substeps) * learningRate;
        TrainResult result = new TrainResult(reason, -1, t, edge.loss, objective.sqDistance(), edge.gradNorm,
                edge.spectrum, w);
        return new Result(result, edgeStep, maxDeviation, List.copyOf(changes), time, edge.complementarityError);
    }

    /** λ_1 − λ_2 of an estimate with two or more eigenvalues, else the estimator's own gap. */
    static double gap(SpectrumEstimate spectrum) {
        double[] ev = spectrum.eigenvalues();
        return ev.length > 1 ? ev[0] - ev[1] : spectrum.gap();
    }

    /**
     * A and B (as the k²×k² matrix m) of the complementarity problem for k active eigenvalues with restoring time h
     * (docs/formulas.md §7): A = (2/η)I − diag(λ) − h[⟨∇(u_iᵀHu_j), −∇R⟩], B[X] = (h/2)[⟨∇(u_iᵀHu_j),
     * Σ_kl X_kl ∇(u_kᵀHu_l)⟩]; cross(i, j) is ∇(u_iᵀHu_j).
     */
    static void edgeProblem(double learningRate, double h, double[] eigenvalues, double[] gradient, int k,
                            BiFunction<Integer, Integer, double[]> cross, double[] a, double[] m) {
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double[] dij = cross.apply(i, j);
                a[i * k + j] = (i == j ? 2 / learningRate - eigenvalues[i] : 0)
                        + h * Blocks.dot(dij, gradient, dij.length);
                for (int p = 0; p < k; p++) {
                    for (int q = 0; q < k; q++) {
                        m[(i * k + j) * k * k + p * k + q] = 0.5 * h * Blocks.dot(dij, cross.apply(p, q),
                                dij.length);
                    }
                }
            }
        }
    }

    /** The state of one substep's point and the update it implies; buffers allocated once per run. */
    private final class Edge {
        private final LinearChainObjective objective;
        private final Sharpness estimator;
        private final CurvatureGradient curvature;
        private final double[] gradient;
        private final double[] direction;
        /** ∇(u_iᵀHu_j) for i ≤ j &lt; k, at index i·k + j. */
        private final double[][] cross;
        private double loss;
        private double gradNorm;
        private SpectrumEstimate spectrum;
        private int active;
        private double[] x;
        private double complementarityError;

        Edge(LinearChainObjective objective, Sharpness estimator) {
            this.objective = objective;
            this.estimator = estimator;
            this.curvature = new CurvatureGradient(objective);
            int n = objective.model().parameterCount();
            gradient = new double[n];
            direction = new double[n];
            cross = new double[maxActive * maxActive][];
        }

        double sharpness() {
            return spectrum.top();
        }

        double gap() {
            return CentralFlow.gap(spectrum);
        }

        /** Evaluates at w: risk, gradient, top eigenpairs, the active set and X. */
        void evaluate(double[] w) {
            spectrum = estimator.at(objective.hessianAt(w));
            loss = objective.risk();
            gradNorm = objective.gradientNorm();
            active = 0;
            double threshold = ACTIVE_AT / learningRate;
            while (active < maxActive && active < spectrum.vectors().length
                    && spectrum.eigenvalues()[active] >= threshold) {
                active++;
            }
            if (active == 0 || !Double.isFinite(loss) || !Double.isFinite(gradNorm)) {
                x = null;
                return;
            }
            objective.gradient(gradient);
            x = solveForX(w);
        }

        /**
         * X of the complementarity problem with A = (2/η)I − diag(λ) − h[⟨∇(u_iᵀHu_j), −∇R⟩] and
         * B[X] = (h/2)[⟨∇(u_iᵀHu_j), Σ_kl X_kl ∇(u_kᵀHu_l)⟩].
         */
        private double[] solveForX(double[] w) {
            int k = active;
            double h = learningRate / substeps;
            double[][] v = spectrum.vectors();
            for (int i = 0; i < k; i++) {
                for (int j = i; j < k; j++) {
                    if (cross[i * maxActive + j] == null) {
                        cross[i * maxActive + j] = new double[gradient.length];
                    }
                    if (i == j) {
                        curvature.along(v[i], cross[i * maxActive + j]);
                    } else {
                        curvature.cross(v[i], v[j], cross[i * maxActive + j]);
                    }
                }
            }
            double[] a = new double[k * k];
            double[] m = new double[k * k * k * k];
            edgeProblem(learningRate, h, spectrum.eigenvalues(), gradient, k, this::crossAt, a, m);
            double[] solution = EdgeComplementarity.solve(a, m, k);
            if (k > 1) {
                complementarityError = Math.max(complementarityError, EdgeComplementarity.violation(a, m, solution, k));
            }
            return solution;
        }

        private double[] crossAt(int i, int j) {
            return i <= j ? cross[i * maxActive + j] : cross[j * maxActive + i];
        }

        double sigma2() {
            if (x == null) {
                return 0;
            }
            double trace = 0;
            for (int i = 0; i < active; i++) {
                trace += x[i * active + i];
            }
            return trace;
        }

        /** The row of the evaluated point w, which it shows as its weights (valid during the callback only). */
        Row row(int step, double time, double[] w) {
            double s2 = sigma2();
            return new Row(new StepRecord(step, time, loss, objective.sqDistance(), gradNorm, spectrum, w),
                    sharpness(), gap(), s2, active, loss + s2 / learningRate);
        }

        /** One substep from the evaluated point w: the objective's GD step when nothing is active. */
        void step(double[] w, double h) {
            if (x == null) {
                objective.gdStep(w, h);
                return;
            }
            int n = w.length;
            System.arraycopy(gradient, 0, direction, 0, n);
            for (int i = 0; i < active; i++) {
                for (int j = 0; j < active; j++) {
                    double c = 0.5 * x[i * active + j];
                    if (c != 0) {
                        double[] dij = crossAt(i, j);
                        for (int e = 0; e < n; e++) {
                            direction[e] += c * dij[e];
                        }
                    }
                }
            }
            for (int e = 0; e < n; e++) {
                w[e] -= h * direction[e];
            }
        }
    }
}
