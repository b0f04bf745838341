package org.dlnlab.experiments;

import java.util.List;

/** A family whose runs each give one {@link SweepRow}. */
public non-sealed interface SweepFamily extends Family {
    List<FigureSpec> figures(List<SweepRow> rows, Runner theory);

    List<Claim> claims(List<SweepRow> rows, Runner theory);
}
