package org.dlnlab.experiments;

import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.exec.Runner;
import org.dlnlab.experiments.report.FigureSpec;
import org.dlnlab.experiments.store.TrajectoryRow;

import java.util.List;

/** A family whose runs each give a trajectory of {@link TrajectoryRow}s. */
public non-sealed interface TrajectoryFamily extends Family {
    List<FigureSpec> figures(List<TrajectoryRow> rows, Runner theory);

    List<Claim> claims(List<TrajectoryRow> rows, Runner theory);
}
