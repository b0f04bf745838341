package org.dlnlab.train;

import org.hipparchus.analysis.UnivariateFunction;
import org.hipparchus.analysis.solvers.BracketedUnivariateSolver;
import org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver;
import org.hipparchus.ode.events.AdaptableInterval;
import org.hipparchus.ode.events.ODEEventDetector;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.nonstiff.EmbeddedRungeKuttaIntegrator;

/** What {@link GradientFlow} and {@link AdaptiveCentralFlow} set up alike around Hipparchus' integrators. */
final class FlowIntegration {
    private FlowIntegration() {
    }

    /**
     * The Dormand–Prince pair on [0, T] (steps from 10⁻¹⁴·max(1, T) to T) with per-component tolerances, calling
     * {@code rejected} for every attempt the error control rejects: Hipparchus counts evaluations, not rejections.
     */
    static EmbeddedRungeKuttaIntegrator dormandPrince(GradientFlow.Method method, double finalTime,
                                                     double absoluteTolerance, double relativeTolerance,
                                                     Runnable rejected) {
        double minStep = 1e-14 * Math.max(1, finalTime);
        return switch (method) {
            case DORMAND_PRINCE_853 -> new DormandPrince853Integrator(minStep, finalTime, absoluteTolerance,
                    relativeTolerance) {
                @Override
                protected double estimateError(double[][] yDotK, double[] y0, double[] y1, double h) {
                    return counted(super.estimateError(yDotK, y0, y1, h), rejected);
                }
            };
            case DORMAND_PRINCE_54 -> new DormandPrince54Integrator(minStep, finalTime, absoluteTolerance,
                    relativeTolerance) {
                @Override
                protected double estimateError(double[][] yDotK, double[] y0, double[] y1, double h) {
                    return counted(super.estimateError(yDotK, y0, y1, h), rejected);
                }
            };
        };
    }

    /** Hipparchus rejects an attempt when its scaled error is ≥ 1 (and aborts on NaN). */
    private static double counted(double error, Runnable rejected) {
        if (!(error < 1.0)) {
            rejected.run();
        }
        return error;
    }

    /**
     * An event of a flow on [0, T]: g checked at every accepted step and at least every {@code maxCheck}, its root
     * located by a Brent solver to 10⁻¹²·max(1, T).
     */
    abstract static class Event implements ODEEventDetector {
        private final double maxCheck;
        private final BracketedUnivariateSolver<UnivariateFunction> solver;

        Event(double maxCheck, double finalTime) {
            this.maxCheck = maxCheck;
            this.solver = new BracketingNthOrderBrentSolver(1e-14, 1e-12 * Math.max(1, finalTime), 0, 5);
        }

        @Override
        public AdaptableInterval getMaxCheckInterval() {
            return AdaptableInterval.of(maxCheck);
        }

        @Override
        public int getMaxIterationCount() {
            return 100;
        }

        @Override
        public BracketedUnivariateSolver<UnivariateFunction> getSolver() {
            return solver;
        }
    }
}
