package org.dlnlab.experiments;

import java.util.List;

/** A family whose runs each give a trajectory of {@link TrajectoryRow}s. */
public non-sealed interface TrajectoryFamily extends Family {
    List<FigureSpec> figures(List<TrajectoryRow> rows, Runner theory);

    List<Claim> claims(List<TrajectoryRow> rows, Runner theory);
}
