package org.dlnlab.experiments.papers.gidel;

import org.dlnlab.experiments.Family;
import org.dlnlab.experiments.Paper;
import org.dlnlab.experiments.Reproduction;
import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.report.Report;
import org.dlnlab.experiments.store.SweepRow;

import java.util.List;

/**
 * Gidel, Bach &amp; Lacoste-Julien, "Implicit regularization of discrete gradient dynamics in linear neural
 * networks" (NeurIPS 2019): sequential learning of the modes of Σ_xy, GD against the flow, and Saxe et al.'s deeper
 * balanced networks (docs/experiments.md, G1–G6).
 */
public final class Gidel implements Paper {
    @Override
    public String id() {
        return "gidel";
    }

    @Override
    public List<Family> families(Reproduction.Scale scale) {
        boolean q = scale == Reproduction.Scale.QUICK;
        return List.of(
                new G1Staircase(q ? G1Staircase.quick() : G1Staircase.paper()),
                new G2Discrete(q ? G2Discrete.quick() : G2Discrete.paper()),
                new G3RandomInit(q ? G3RandomInit.quick() : G3RandomInit.paper()),
                new G4NonCommuting(q ? G4NonCommuting.quick() : G4NonCommuting.paper()),
                new G5Linnerud(G5Linnerud.paper()),
                new G6Depth(G6Depth.paper()));
    }

    /** Every claim belongs to one family. */
    @Override
    public List<Claim> claims(List<SweepRow> sweepRows) {
        return List.of();
    }

    @Override
    public List<String> claimOrder() {
        return List.of("g2_sigma_order", "g2_gd_limit", "g2_flow_limit", "g2_plateaus", "g1_", "g3_", "g4_", "g5_",
                "g6_");
    }

    @Override
    public Report.About about() {
        return new Report.About("Gidel, Bach &amp; Lacoste-Julien (NeurIPS 2019)", "Gidel, Bach &amp; Lacoste-Julien,"
                + " “Implicit regularization of discrete gradient dynamics in linear neural networks” (NeurIPS 2019,"
                + " arXiv:1904.13262); deeper networks after Saxe, McClelland &amp; Ganguli (ICLR 2014)",
                List.of("Every loss, step and prediction is in the paper's <b>half-mse</b> convention"
                                + " R = (1/2n)‖Y − XE‖² (under mse every formula would take 2η).",
                        "Synthetic data come from <code>builtin:commuting</code> and <code>builtin:noncommuting</code>,"
                                + " whose Σ and Σ_xy are exact to round-off; a mode switches on at the first GD step"
                                + " with u_iᵀEv_i ≥ σ_i/(2λ_i), half its limit.",
                        "The gradient flow is represented by GD with a small step (η = 0.01) next to its closed form;"
                                + " G2 varies η to show GD's discrete switch-on times."));
    }
}
