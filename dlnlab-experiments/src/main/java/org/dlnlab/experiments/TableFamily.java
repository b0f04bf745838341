package org.dlnlab.experiments;

import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.report.FigureSpec;
import org.dlnlab.experiments.report.Report;
import org.dlnlab.experiments.spec.RunConfig;

import java.util.List;

/**
 * A family whose runs compute rows of its own record type (columns read off the record, as for the other rows), for
 * measurements the sweep and trajectory rows do not hold. Each run is self-contained: its random streams derive from
 * (seed, run key), so where and when it runs cannot change its rows.
 */
public non-sealed interface TableFamily<R extends Record> extends Family {
    /** The row record: the CSV's columns. */
    Class<R> rowType();

    /** One run's rows. */
    List<R> compute(RunConfig run, long seed);

    List<FigureSpec> figures(List<R> rows);

    List<Claim> claims(List<R> rows);

    /** Tables of numbers for the report's section, beside the figures; none by default. */
    default List<Report.Table> tables(List<R> rows) {
        return List.of();
    }

    /** A run's cost for scheduling and the ETA: its config's, with {@code width} standing for the inputs too. */
    static double cost(RunConfig run) {
        return run.cost(run.width());
    }
}
