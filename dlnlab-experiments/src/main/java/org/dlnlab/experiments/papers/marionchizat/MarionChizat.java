package org.dlnlab.experiments.papers.marionchizat;

import org.dlnlab.experiments.Family;
import org.dlnlab.experiments.Paper;
import org.dlnlab.experiments.Reproduction;
import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.report.Report;
import org.dlnlab.experiments.store.SweepRow;

import java.util.List;

/**
 * Marion &amp; Chizat, "Deep linear networks for regression are implicitly regularized towards flat minima"
 * (NeurIPS 2024): Fig. 1a–1d and 3 with their residual analogues, Fig. 2, Fig. 6 and the nonlinear (GELU) check.
 */
public final class MarionChizat implements Paper {
    @Override
    public String id() {
        return "marion-chizat";
    }

    @Override
    public List<Family> families(Reproduction.Scale scale) {
        boolean q = scale == Reproduction.Scale.QUICK;
        return List.of(
                new Fig1Sweep(q ? Fig1Sweep.Config.quick() : Fig1Sweep.Config.paper()),
                new Fig1Trajectories(Fig1Trajectories.Config.paper()),
                new Fig1Sweep(q ? Fig1Sweep.Config.residualQuick() : Fig1Sweep.Config.residualPaper()),
                new Fig1Trajectories(Fig1Trajectories.Config.residualPaper()),
                new Fig2DepthSweep(q ? Fig2DepthSweep.Config.quick() : Fig2DepthSweep.Config.paper()),
                new Fig6Underdetermined(q ? Fig6Underdetermined.Config.quick() : Fig6Underdetermined.Config.paper()),
                new GeluSweep(q ? GeluSweep.Config.quick() : GeluSweep.Config.paper()),
                new OpenQuestion2.Depth(q ? OpenQuestion2.Depth.Config.quick() : OpenQuestion2.Depth.Config.paper()),
                new OpenQuestion2.Batches(q ? OpenQuestion2.Batches.Config.quick()
                        : OpenQuestion2.Batches.Config.paper()));
    }

    /** The families beyond the linear figures: the GELU check and the open-question-2 study. */
    private static final java.util.Set<String> NONLINEAR = java.util.Set.of(GeluSweep.FAMILY,
            OpenQuestion2.Depth.FAMILY, OpenQuestion2.Batches.FAMILY);

    /**
     * The paper's sharpness estimator against ours, over every sweep run of a linear network (the comparison is the
     * paper's, made on its linear figures; leaving out the GELU check and the study keeps these numbers those of the
     * linear families).
     */
    @Override
    public List<Claim> claims(List<SweepRow> sweepRows) {
        return PowerVsLanczos.claims(sweepRows.stream().filter(r -> !NONLINEAR.contains(r.figure())).toList());
    }

    /** The paper's headline claims first: Fig. 2, Fig. 1, Fig. 6, then the residual analogues and the estimator. */
    @Override
    public List<String> claimOrder() {
        return List.of("fig2_", "fig1a_critical", "fig1b_", "fig3_", "fig1_trajectories", "fig6", "fig1a_residual",
                "residual_", "fig1_residual", "gelu_", "oq2_", "power_");
    }

    @Override
    public Report.About about() {
        return new Report.About("Marion &amp; Chizat (NeurIPS 2024)", "Marion &amp; Chizat, “Deep linear networks for"
                + " regression are implicitly regularized towards flat minima” (NeurIPS 2024, arXiv:2405.13456)",
                List.of("Computation is in float64; the paper's JAX code ran in float32. Divergence thresholds and the"
                                + " exact runs that diverge near the critical learning rate can differ for that reason.",
                        "Every loss and sharpness uses the paper's <b>mse</b> convention R = (1/n)‖y − XE‖² (no ½);"
                                + " the sharpness is λ_max(∇²R) in that convention.",
                        "Sharpness is our checked Lanczos (full reorthogonalization, relative residual tolerance"
                                + " 1e-10, residual reported in the CSVs); the paper's 20-step power iteration is"
                                + " computed at the same weights for comparison (columns <code>*_power</code>).",
                        "A run diverges when its loss or gradient becomes non-finite or its loss exceeds 10⁶ ×"
                                + " max(initial loss, ‖Y‖²/n); diverged runs are counted (legends, Fig. 3, CSV column"
                                + " <code>diverged</code>) and never plotted as NaN. A run <i>converges</i> when it did"
                                + " not diverge and ends at squared distance ‖w_prod − w*‖²/d &lt; 1e-3; a learning"
                                + " rate succeeds when at least half of its runs converge."));
    }
}
