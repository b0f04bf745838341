package org.dlnlab.train;

import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.objective.CurvatureGradient;
import org.dlnlab.objective.LinearChainObjective;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.ode.LocalizedODEFormats;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.events.Action;
import org.hipparchus.ode.events.ODEEventHandler;
import org.hipparchus.ode.nonstiff.EmbeddedRungeKuttaIntegrator;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The central flow with one eigenvalue at the edge, integrated with error control (docs/formulas.md §7, "Adaptive
 * scheme"): Hipparchus' Dormand–Prince 8(5,3) in gradient-flow time τ = ηt, as {@link GradientFlow} runs, in two
 * phases. Below the edge dw/dτ = −∇R; the event S − 2/η = 0 (rising), located by the integrator's event handling,
 * switches to the edge phase dw/dτ = −(∇R + ½σ²∇S), whose σ² (the k = 1 problem of {@link EdgeComplementarity}
 * with the restoring time {@link #RESTORING_TIME}·η) keeps S at 2/η and pulls drift back as
 * dS/dτ = −(S − 2/η)/(RESTORING_TIME·η); the event max(σ², p) = 0 (falling), p = 2⟨−∇R, ∇S⟩/‖∇S‖² the push of the
 * flow on S (σ² without its restoring part), switches back once the flow no longer pushes S up and S does not
 * stand above 2/η. Leaving on σ² alone would leave with S a hair below 2/η and p still positive, to enter again at
 * once. Each phase is one integration from the previous event; entered at S = 2/η, σ² stays positive until the
 * phase ends, so the right-hand side is smooth within it. A start above the edge (S(0) ≥ 2/η) begins in the edge
 * phase, where σ² is clipped at 0 while gradient flow alone brings S down faster than the restoring term would.
 * Eigenpairs come from warm-started Lanczos at every evaluation.
 * <p>
 * The observer sees one {@link CentralFlow.Row} per GD step t = 0, …, N (τ = ηt, from the integrator's dense
 * output). Stop rules and interruption are checked at those points, divergence also at every accepted step's end.
 * Only one eigenvalue may be at the edge: a top gap below {@value CentralFlow#CROSSING_GAP}·S at an accepted step's
 * end in the edge phase stops the run ({@link StopReason#EIGENVALUE_CROSSING}), with a last row at that time.
 *
 * @param learningRate      η
 * @param steps             GD steps N (the flow runs to τ = ηN)
 * @param stops             rules that end the run early, checked at every GD step's point
 * @param absoluteTolerance the integrator's absolute tolerance, per component
 * @param relativeTolerance the integrator's relative tolerance
 */
public record AdaptiveCentralFlow(double learningRate, int steps, List<StopRule> stops, double absoluteTolerance,
                                  double relativeTolerance) {
    /**
     * The restoring term's relaxation time in GD steps: the reference scheme's substep, so σ² is the same formula as
     * {@link CentralFlow}'s with h = η/{@value CentralFlow#SUBSTEPS} read as a time constant.
     */
    public static final double RESTORING_TIME = 1.0 / CentralFlow.SUBSTEPS;
    /** Grid points closer than this fraction of η to a segment's end are shown by the next segment. */
    private static final double GRID_SLACK = 1e-9;
    /** Event function values kept per phase: a root search's evaluations and the steps' ends before it. */
    private static final int REMEMBERED = 64;

    public AdaptiveCentralFlow {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be ≥ 0");
        }
        if (!(absoluteTolerance > 0) || !(relativeTolerance > 0)
                || !Double.isFinite(absoluteTolerance) || !Double.isFinite(relativeTolerance)) {
            throw new IllegalArgumentException("integrator tolerances must be positive and finite");
        }
        stops = List.copyOf(stops);
    }

    /**
     * What the integration cost and how it went.
     *
     * @param integrator     the integrator's name
     * @param evaluations    right-hand-side evaluations (each one ∇R, and at the edge a Lanczos run and ∇S)
     * @param acceptedSteps  accepted steps
     * @param rejectedSteps  steps rejected by the error control
     * @param events         phase switches (edge reached or left)
     */
    public record Statistics(String integrator, int evaluations, int acceptedSteps, int rejectedSteps, int events) {
    }

    public record Result(CentralFlow.Result flow, Statistics statistics) {
    }

    /** The largest sharpness the flow can rest at: 2/η, as for GD. */
    public double stabilityLimit() {
        return 2 / learningRate;
    }

    /**
     * Runs the flow from w (moved in place). The eigenpairs come from an estimator with the given options asking for
     * two eigenvalues (the top one and the gap below it), its random stream the given one.
     */
    public Result run(LinearChainObjective objective, double[] w, Sharpness.Options options, RandomGenerator rng,
                      Consumer<CentralFlow.Row> observer) {
        Sharpness.Options eig = new Sharpness.Options(options.method(), 2, options.tol(), options.powerIters(),
                options.maxIter());
        return new Run(objective, new Sharpness(eig, rng), observer).go(w);
    }

    /** A state as a map key. */
    private record State(double[] y) {
        @Override
        public boolean equals(Object o) {
            return o instanceof State s && Arrays.equals(y, s.y);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(y);
        }
    }

    /** Ends the integration from inside a handler. */
    private static final class Halt extends RuntimeException {
        private final StopReason reason;
        private final double[] state;
        private final double time;
        private final int step;

        Halt(StopReason reason, double[] state, double time, int step) {
            super(null, null, false, false);
            this.reason = reason;
            this.state = state;
            this.time = time;
            this.step = step;
        }
    }

    /** The point last evaluated: risk, gradient, and (when asked) the top eigenpair, ∇S and σ² before clipping. */
    private static final class Point {
        double[] w;
        double loss;
        double sqDistance;
        double gradNorm;
        SpectrumEstimate spectrum;
        double sigma2;
        /** σ² at S = 2/η exactly, p = 2⟨−∇R, ∇S⟩/‖∇S‖²: how hard the flow pushes S up. */
        double push;
    }

    private final class Run implements OrdinaryDifferentialEquation, ODEStepHandler {
        private final LinearChainObjective objective;
        private final Sharpness estimator;
        private final CurvatureGradient curvature;
        private final Consumer<CentralFlow.Row> observer;
        private final int n;
        private final double[] gradient;
        private final double[] gradS;
        private final double end;
        private final Point point = new Point();
        private final List<CentralFlow.ActiveSetChange> changes = new ArrayList<>();
        private Divergence divergence;
        private boolean atEdge;
        private int nextIndex;
        private int accepted;
        private int rejected;
        private int evaluations;
        private int events;
        private int edgeStep = -1;
        private double maxDeviation = Double.NaN;
        private boolean switched;
        private String name = "none";

        Run(LinearChainObjective objective, Sharpness estimator, Consumer<CentralFlow.Row> observer) {
            this.objective = objective;
            this.estimator = estimator;
            this.curvature = new CurvatureGradient(objective);
            this.observer = observer;
            this.n = objective.model().parameterCount();
            this.gradient = new double[n];
            this.gradS = new double[n];
            this.end = learningRate * steps;
        }

        Result go(double[] w) {
            evaluate(w, true);
            divergence = Divergence.from(objective, point.loss);
            if (divergence.diverged(point.loss, point.gradNorm)) {
                return diverged(0);
            }
            // A start above the edge begins at it: the restoring term brings S down to 2/η, unless gradient flow
            // brings it down faster (σ² is clipped at 0 then).
            atEdge = point.spectrum.top() >= 2 / learningRate;
            int maxEvents = 100 + 10 * steps;
            if (atEdge) {
                enter(0);
            }
            double tau = 0;
            double[] y = w.clone();
            try {
                show(0, 0, y);
                if (steps == 0) {
                    return finish(y, StopReason.COMPLETED, 0, 0, w);
                }
                nextIndex = 1;
                while (tau < end - GRID_SLACK * learningRate) {
                    EmbeddedRungeKuttaIntegrator integrator = FlowIntegration.dormandPrince(
                            GradientFlow.Method.DORMAND_PRINCE_853, end, absoluteTolerance, relativeTolerance,
                            () -> rejected++);
                    name = integrator.getName();
                    integrator.addStepHandler(this);
                    integrator.addEventDetector(new PhaseEnd(atEdge));
                    switched = false;
                    ODEStateAndDerivative last;
                    try {
                        last = integrator.integrate(this, new ODEState(tau, y), end);
                    } finally {
                        evaluations += integrator.getEvaluations();
                    }
                    tau = last.getTime();
                    y = last.getPrimaryState();
                    if (switched) {
                        if (++events > maxEvents) {
                            throw new IllegalStateException("the central flow entered and left the edge " + events
                                    + " times by t = " + tau / learningRate + "; the adaptive scheme cannot follow it");
                        }
                        atEdge = !atEdge;
                        evaluate(y, true);
                        if (atEdge) {
                            enter(tau / learningRate);
                        } else {
                            changes.add(new CentralFlow.ActiveSetChange((int) Math.floor(tau / learningRate), -1,
                                    tau / learningRate, 1, 0, point.spectrum.top()));
                        }
                    }
                }
                show(steps, end, y);
                return finish(y, StopReason.COMPLETED, steps, end, w);
            } catch (Halt h) {
                if (h.reason == StopReason.DIVERGED) {
                    return diverged(h.step);
                }
                return finish(h.state, h.reason, h.step, h.time, w);
            } catch (MathIllegalStateException e) {
                if (e.getSpecifier() == LocalizedODEFormats.NAN_APPEARING_DURING_INTEGRATION) {
                    return diverged(nextIndex);
                }
                throw new IllegalStateException("central flow integration failed after t = " + tau / learningRate
                        + ": " + e.getMessage(), e);
            } catch (MathIllegalArgumentException e) {
                throw new IllegalStateException("central flow integration failed after t = " + tau / learningRate
                        + ": " + e.getMessage(), e);
            }
        }

        private void enter(double t) {
            changes.add(new CentralFlow.ActiveSetChange((int) Math.floor(t), -1, t, 0, 1, point.spectrum.top()));
            if (edgeStep < 0) {
                edgeStep = (int) Math.floor(t);
            }
        }

        /**
         * Evaluates the risk and gradient at w, and with {@code curvature} also the top eigenpairs, ∇S and σ² before
         * clipping. The last point is kept: the event function, the step handler and the rows ask for it again.
         */
        private void evaluate(double[] w, boolean withCurvature) {
            boolean same = point.w != null && Arrays.equals(point.w, w);
            if (same && (point.spectrum != null || !withCurvature)) {
                return;
            }
            if (!same) {
                point.w = w.clone();
                point.loss = objective.setPoint(w);
                point.sqDistance = objective.sqDistance();
                point.gradNorm = objective.gradientNorm();
                objective.gradient(gradient);
                point.spectrum = null;
                point.sigma2 = Double.NaN;
                point.push = Double.NaN;
            }
            if (!withCurvature || !Double.isFinite(point.loss) || !Double.isFinite(point.gradNorm)) {
                return;
            }
            point.spectrum = estimator.at(objective.hessianAt(w));
            curvature.along(point.spectrum.topVector(), gradS);
            double[] a = new double[1];
            double[] m = new double[1];
            CentralFlow.edgeProblem(learningRate, RESTORING_TIME * learningRate, point.spectrum.eigenvalues(),
                    gradient, 1, (i, j) -> gradS, a, m);
            point.sigma2 = EdgeComplementarity.unclipped(a[0], m[0]);
            CentralFlow.edgeProblem(learningRate, RESTORING_TIME * learningRate, new double[]{2 / learningRate},
                    gradient, 1, (i, j) -> gradS, a, m);
            point.push = EdgeComplementarity.unclipped(a[0], m[0]);
        }

        @Override
        public int getDimension() {
            return n;
        }

        /** dw/dτ = −∇R below the edge, −(∇R + ½σ²∇S) at it. */
        @Override
        public double[] computeDerivatives(double t, double[] y) {
            evaluate(y, atEdge);
            double[] f = new double[n];
            if (!Double.isFinite(point.loss)) {
                Arrays.fill(f, Double.NaN);
                return f;
            }
            if (atEdge) {
                double half = 0.5 * Math.max(0, point.sigma2);
                for (int i = 0; i < n; i++) {
                    f[i] = -(gradient[i] + half * gradS[i]);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    f[i] = -gradient[i];
                }
            }
            return f;
        }

        @Override
        public void handleStep(ODEStateInterpolator interpolator) {
            accepted++;
            double prev = interpolator.getPreviousState().getTime();
            double curr = interpolator.getCurrentState().getTime();
            double slack = GRID_SLACK * learningRate;
            while (nextIndex < steps) {
                double tau = nextIndex * learningRate;
                if (tau > curr - slack) {
                    break;
                }
                show(nextIndex, tau, interpolator.getInterpolatedState(Math.max(prev, Math.min(curr, tau)))
                        .getPrimaryState());
                nextIndex++;
            }
            double[] y = interpolator.getCurrentState().getPrimaryState();
            evaluate(y, atEdge);
            if (divergence.diverged(point.loss, point.gradNorm)) {
                throw new Halt(StopReason.DIVERGED, null, curr, nextIndex);
            }
            if (atEdge) {
                deviation();
                if (CentralFlow.gap(point.spectrum) < CentralFlow.CROSSING_GAP * point.spectrum.top()) {
                    int step = (int) Math.floor(curr / learningRate);
                    observer.accept(row(step, curr, y));
                    throw new Halt(StopReason.EIGENVALUE_CROSSING, y, curr, step);
                }
            }
        }

        private void deviation() {
            double d = Math.abs(learningRate * point.spectrum.top() - 2);
            maxDeviation = Double.isNaN(maxDeviation) ? d : Math.max(maxDeviation, d);
        }

        /** The row of GD step k at τ; halts when a stop rule is met, the thread was interrupted or the run diverged. */
        private void show(int k, double tau, double[] y) {
            evaluate(y, true);
            if (divergence.diverged(point.loss, point.gradNorm)) {
                throw new Halt(StopReason.DIVERGED, null, tau, k);
            }
            if (atEdge) {
                deviation();
            }
            observer.accept(row(k, tau, y));
            if (k == steps) {
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new Halt(StopReason.INTERRUPTED, y.clone(), tau, k);
            }
            if (!stops.isEmpty()) {
                objective.setPoint(y);
                if (StopRule.anyMet(stops, objective)) {
                    throw new Halt(StopReason.STOP_RULE, y.clone(), tau, k);
                }
            }
        }

        /** The row of the evaluated point y at τ, shown as GD step k (valid during the callback only). */
        private CentralFlow.Row row(int k, double tau, double[] y) {
            double sigma2 = atEdge ? Math.max(0, point.sigma2) : 0;
            return new CentralFlow.Row(new StepRecord(k, tau, point.loss, point.sqDistance, point.gradNorm,
                    point.spectrum, y), point.spectrum.top(), CentralFlow.gap(point.spectrum), sigma2, atEdge ? 1 : 0,
                    point.loss + sigma2 / learningRate);
        }

        private Result finish(double[] y, StopReason reason, int index, double tau, double[] w) {
            System.arraycopy(y, 0, w, 0, n);
            evaluate(w, true);
            TrainResult r = new TrainResult(reason, -1, index, point.loss, point.sqDistance, point.gradNorm,
                    point.spectrum, w);
            return new Result(new CentralFlow.Result(r, edgeStep, maxDeviation, List.copyOf(changes), tau,
                    0), statistics());
        }

        private Result diverged(int step) {
            return new Result(new CentralFlow.Result(TrainResult.diverged(step), edgeStep, maxDeviation,
                    List.copyOf(changes), Double.NaN, 0), statistics());
        }

        private Statistics statistics() {
            return new Statistics(name, evaluations, accepted, rejected, events);
        }

        /**
         * The end of a phase: S − 2/η rising through 0 below the edge, max(σ², p) falling through 0 at it. The
         * integration stops there and the next phase starts from that point.
         */
        private final class PhaseEnd extends FlowIntegration.Event {
            private final boolean edge;
            private final ODEEventHandler handler;
            /**
             * g's recent values by state. Warm-started Lanczos gives a state's eigenvalue to within its tolerance, not
             * the same bits each time; where the flow rests at the edge g is that close to 0, and a root finder that
             * sees two signs for one point fails ("interval does not bracket a root").
             */
            private final Map<State, Double> values = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<State, Double> eldest) {
                    return size() > REMEMBERED;
                }
            };

            PhaseEnd(boolean edge) {
                super(learningRate, end);
                this.edge = edge;
                this.handler = (state, detector, increasing) -> {
                    if (increasing == edge) {
                        return Action.CONTINUE;
                    }
                    switched = true;
                    return Action.STOP;
                };
            }

            @Override
            public ODEEventHandler getHandler() {
                return handler;
            }

            @Override
            public double g(ODEStateAndDerivative state) {
                double[] y = state.getPrimaryState();
                return values.computeIfAbsent(new State(y), k -> {
                    evaluate(y, true);
                    return edge ? Math.max(point.sigma2, point.push) : point.spectrum.top() - 2 / learningRate;
                });
            }
        }
    }
}
