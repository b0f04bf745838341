package org.dlnlab.experiments;

import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.exec.Runner;
import org.dlnlab.experiments.report.FigureSpec;
import org.dlnlab.experiments.store.SweepRow;

import java.util.List;

/** A family whose runs each give one {@link SweepRow}. */
public non-sealed interface SweepFamily extends Family {
    List<FigureSpec> figures(List<SweepRow> rows, Runner theory);

    List<Claim> claims(List<SweepRow> rows, Runner theory);
}
