package org.dlnlab.train;

import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.objective.Objective;
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

import java.util.List;
import java.util.function.Consumer;

/**
 * Gradient flow dW/dt = −∇R(W), integrated by Hipparchus' adaptive embedded Dormand–Prince Runge–Kutta
 * integrator (8(5,3) by default, 5(4) on request). The right-hand side is {@link Objective#setPoint} followed
 * by {@link Objective#gradient}, so the flow and gradient descent share one formula.
 * <p>
 * Conventions follow {@link Trainer}: the observer sees the points of a time grid, each with its weights, t_k = kΔt for
 * t_k before the end, then the final point (at T, at the time where ‖∇R‖ fell below the gradient-norm
 * tolerance, or at the last accepted step when the thread was interrupted), with {@link StepRecord#step()} =
 * k and {@link StepRecord#time()} = t. A grid point within 10⁻⁹Δt of the end is the final point. Grid points
 * are read from the integrator's dense output (its continuous interpolant), so sampling never shortens the
 * integration steps. Sharpness is sampled at every K-th grid point (k mod K = 0, the final point included
 * when its index qualifies); the final sharpness is always computed with the given estimator unless the run
 * diverged. Divergence ({@link Divergence}, at a grid point or an accepted step's end; or
 * Hipparchus reporting NaN in its error estimate) ends the run without final values or weights. Interruption of
 * the calling thread is checked after every accepted step and keeps the state reached.
 * <p>
 * Each {@link StopRule} is a Hipparchus event detector on g(W) = quantity(W) − threshold, checked at every accepted
 * step and located by a Brent solver; the integration stops at the root. A gradient-norm rule fires whenever the
 * norm falls below its threshold, saddle plateaus included (small initializations start near the saddle at 0, where
 * the gradient is tiny): a rule met at W(0) ends the run at t = 0.
 * <p>
 * The error control is per component, |err_i| ≤ atol + rtol·|W_i| in Hipparchus' RMS norm. Hipparchus counts
 * right-hand-side evaluations but not rejected steps; both step counts here are observed directly (accepted
 * steps by the step handler, rejected ones by wrapping the integrator's error estimate).
 *
 * @param finalTime          T ≥ 0
 * @param sampleInterval     Δt &gt; 0 of the observer's grid
 * @param sharpnessEvery     K, or 0 for no sharpness samples along the way
 * @param stops              rules that end the run early (none: run to T)
 * @param absoluteTolerance  the integrator's absolute tolerance
 * @param relativeTolerance  the integrator's relative tolerance
 * @param method             which Dormand–Prince pair
 */
public record GradientFlow(double finalTime, double sampleInterval, int sharpnessEvery, List<StopRule> stops,
                           double absoluteTolerance, double relativeTolerance, Method method) {
    /**
     * Default absolute tolerance. On the paper's setting (builtin:mc_fig1, depth 10, small:0.35, T = 40, mse)
     * halving both defaults changes the final sharpness by far less than 10⁻⁸ relative (see GradientFlowTest).
     */
    public static final double DEFAULT_ABSOLUTE_TOLERANCE = 1e-12;
    /** Default relative tolerance. */
    public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-12;
    /** Grid points closer than this fraction of Δt to the end are merged into the final point. */
    private static final double GRID_SLACK = 1e-9;

    /** The embedded Dormand–Prince pair. */
    public enum Method {
        /** 5(4), 7 stages (6 evaluations per attempted step, first-same-as-last). */
        DORMAND_PRINCE_54,
        /** 8(5,3), 16 stages with the dense-output ones (15 evaluations per attempted step). */
        DORMAND_PRINCE_853
    }

    public GradientFlow {
        if (!(finalTime >= 0) || !Double.isFinite(finalTime)) {
            throw new IllegalArgumentException("final time must be finite and ≥ 0");
        }
        if (!(sampleInterval > 0) || !Double.isFinite(sampleInterval)) {
            throw new IllegalArgumentException("sampling interval must be positive and finite");
        }
        if (finalTime / sampleInterval > Integer.MAX_VALUE - 2) {
            throw new IllegalArgumentException("more than 2^31 grid points: raise the sampling interval");
        }
        if (sharpnessEvery < 0) {
            throw new IllegalArgumentException("sharpness sampling interval must be ≥ 0");
        }
        stops = List.copyOf(stops);
        if (!(absoluteTolerance > 0) || !(relativeTolerance > 0)
                || !Double.isFinite(absoluteTolerance) || !Double.isFinite(relativeTolerance)) {
            throw new IllegalArgumentException("integrator tolerances must be positive and finite");
        }
        if (method == null) {
            throw new IllegalArgumentException("method must not be null");
        }
    }

    /** Flow to time T sampled every Δt, default tolerances, Dormand–Prince 8(5,3), no sharpness samples. */
    public static GradientFlow of(double finalTime, double sampleInterval) {
        return new GradientFlow(finalTime, sampleInterval, 0, List.of(), DEFAULT_ABSOLUTE_TOLERANCE,
                DEFAULT_RELATIVE_TOLERANCE, Method.DORMAND_PRINCE_853);
    }

    public GradientFlow withSharpnessEvery(int k) {
        return new GradientFlow(finalTime, sampleInterval, k, stops, absoluteTolerance,
                relativeTolerance, method);
    }

    public GradientFlow withStops(List<StopRule> rules) {
        return new GradientFlow(finalTime, sampleInterval, sharpnessEvery, rules, absoluteTolerance,
                relativeTolerance, method);
    }

    public GradientFlow withTolerances(double absolute, double relative) {
        return new GradientFlow(finalTime, sampleInterval, sharpnessEvery, stops, absolute, relative,
                method);
    }

    public GradientFlow withMethod(Method m) {
        return new GradientFlow(finalTime, sampleInterval, sharpnessEvery, stops, absoluteTolerance,
                relativeTolerance, m);
    }

    /**
     * Integrates from w to the end and leaves the final point in w (unchanged when the run diverged).
     * The objective's cache is overwritten along the way.
     */
    public FlowResult run(Objective objective, double[] w, Sharpness sharpness, Consumer<StepRecord> observer) {
        if (w.length != objective.model().parameterCount()) {
            throw new IllegalArgumentException("parameter vector has length " + w.length + ", the network has "
                    + objective.model().parameterCount() + " parameters");
        }
        return new Run(objective, sharpness, observer).go(w);
    }

    /** Ends the integration from inside the step handler. */
    private static final class Halt extends RuntimeException {
        private final boolean diverged;
        private final double[] state;
        private final double time;

        Halt(boolean diverged, double[] state, double time) {
            super(null, null, false, false);
            this.diverged = diverged;
            this.state = state;
            this.time = time;
        }
    }

    /** The mutable state of one integration. */
    private final class Run implements OrdinaryDifferentialEquation, ODEStepHandler {
        private final Objective objective;
        private final Sharpness sharpness;
        private final Consumer<StepRecord> observer;
        private final int n;
        private Divergence rule;
        private int nextIndex;
        private int accepted;
        private int rejected;
        private double lastGoodTime;
        private boolean stoppedByEvent;

        Run(Objective objective, Sharpness sharpness, Consumer<StepRecord> observer) {
            this.objective = objective;
            this.sharpness = sharpness;
            this.observer = observer;
            this.n = objective.model().parameterCount();
        }

        FlowResult go(double[] w) {
            double loss = objective.setPoint(w);
            double grad = objective.gradientNorm();
            rule = Divergence.from(objective, loss);
            if (rule.diverged(loss, grad)) {
                return divergedResult(0, 0, "none");
            }
            if (Thread.currentThread().isInterrupted()) {
                return finish(w, w.clone(), 0, StopReason.INTERRUPTED, "none", 0);
            }
            if (StopRule.anyMet(stops, objective)) {
                return finish(w, w.clone(), 0, StopReason.STOP_RULE, "none", 0);
            }
            if (finalTime == 0) {
                return finish(w, w.clone(), 0, StopReason.COMPLETED, "none", 0);
            }
            sample(0, 0, w.clone());
            nextIndex = 1;
            EmbeddedRungeKuttaIntegrator integrator = integrator();
            integrator.addStepHandler(this);
            for (StopRule rule : stops) {
                integrator.addEventDetector(new StopRuleDetector(rule));
            }
            try {
                ODEStateAndDerivative end = integrator.integrate(this, new ODEState(0, w.clone()), finalTime);
                return finish(w, end.getPrimaryState(), end.getTime(), stoppedByEvent
                                ? StopReason.STOP_RULE : StopReason.COMPLETED,
                        integrator.getName(), integrator.getEvaluations());
            } catch (Halt h) {
                if (h.diverged) {
                    return divergedResult(h.time, integrator.getEvaluations(), integrator.getName());
                }
                return finish(w, h.state, h.time, StopReason.INTERRUPTED, integrator.getName(),
                        integrator.getEvaluations());
            } catch (MathIllegalStateException e) {
                if (e.getSpecifier() == LocalizedODEFormats.NAN_APPEARING_DURING_INTEGRATION) {
                    return divergedResult(lastGoodTime, integrator.getEvaluations(), integrator.getName());
                }
                throw new IllegalStateException("gradient flow integration failed after t = " + lastGoodTime
                        + ": " + e.getMessage(), e);
            } catch (MathIllegalArgumentException e) {
                throw new IllegalStateException("gradient flow integration failed after t = " + lastGoodTime
                        + ": " + e.getMessage(), e);
            }
        }

        private EmbeddedRungeKuttaIntegrator integrator() {
            return FlowIntegration.dormandPrince(method, finalTime, absoluteTolerance, relativeTolerance,
                    () -> rejected++);
        }

        @Override
        public int getDimension() {
            return n;
        }

        /** dW/dt = −∇R(W). */
        @Override
        public double[] computeDerivatives(double t, double[] y) {
            objective.setPoint(y);
            double[] g = new double[n];
            objective.gradient(g);
            for (int i = 0; i < n; i++) {
                g[i] = -g[i];
            }
            return g;
        }

        @Override
        public void handleStep(ODEStateInterpolator interpolator) {
            accepted++;
            double prev = interpolator.getPreviousState().getTime();
            double curr = interpolator.getCurrentState().getTime();
            double slack = GRID_SLACK * sampleInterval;
            while (true) {
                double t = nextIndex * sampleInterval;
                if (t > curr - slack) {
                    break;
                }
                double at = Math.max(prev, Math.min(curr, t));
                sample(nextIndex, t, interpolator.getInterpolatedState(at).getPrimaryState());
                nextIndex++;
            }
            double[] end = interpolator.getCurrentState().getPrimaryState();
            double loss = objective.setPoint(end);
            if (rule.diverged(loss, objective.gradientNorm())) {
                throw new Halt(true, null, lastGoodTime);
            }
            lastGoodTime = curr;
            if (Thread.currentThread().isInterrupted()) {
                throw new Halt(false, end, curr);
            }
        }

        /** One grid point for the observer; throws when the point has diverged. */
        private void sample(int index, double t, double[] y) {
            double loss = objective.setPoint(y);
            double grad = objective.gradientNorm();
            double sq = objective.sqDistance();
            if (rule.diverged(loss, grad)) {
                throw new Halt(true, null, lastGoodTime);
            }
            SpectrumEstimate s = sharpnessEvery > 0 && index % sharpnessEvery == 0 ? sharpness.at(objective.hessianAt(y)) : null;
            observer.accept(new StepRecord(index, t, loss, sq, grad, s, y));
        }

        private FlowResult finish(double[] w, double[] state, double t, StopReason reason,
                                  String name, int evaluations) {
            System.arraycopy(state, 0, w, 0, n);
            TrainResult r = TrainResult.atFinalPoint(objective, w, sharpness, observer, nextIndex, t, sharpnessEvery,
                    reason, rule);
            return r.diverged() ? divergedResult(t, evaluations, name)
                    : new FlowResult(r, t, accepted, rejected, evaluations, name);
        }

        private FlowResult divergedResult(double t, int evaluations, String name) {
            return new FlowResult(TrainResult.diverged(nextIndex), t, accepted, rejected, evaluations, name);
        }

        /** g = quantity(W) − threshold; its root stops the integration. */
        private final class StopRuleDetector extends FlowIntegration.Event {
            private final StopRule stop;
            private final ODEEventHandler handler = (state, detector, increasing) -> {
                stoppedByEvent = true;
                return Action.STOP;
            };

            StopRuleDetector(StopRule stop) {
                super(Math.max(finalTime, sampleInterval), finalTime);
                this.stop = stop;
            }

            @Override
            public ODEEventHandler getHandler() {
                return handler;
            }

            @Override
            public double g(ODEStateAndDerivative state) {
                objective.setPoint(state.getPrimaryState());
                return stop.margin(objective);
            }
        }
    }
}
