package org.dlnlab.experiments;

import org.dlnlab.experiments.report.Setting;
import org.dlnlab.experiments.spec.RunConfig;

import java.util.List;

/**
 * A figure family: a config record, the runs it expands to, and (in the sub-interfaces) the figures and claims
 * built from its tidy rows. {@link #config()}'s text identifies the results: an earlier run's rows are reused
 * only when it and the seed match.
 */
public sealed interface Family permits SweepFamily, TrajectoryFamily, TableFamily {
    /** The family's name in the store (its CSV is {@code <id>.csv}), e.g. {@code fig1}. */
    String id();

    /** Heading in the report. */
    String title();

    /** The config record (its {@code toString} identifies the results). */
    Record config();

    /** The settings as (name, value) rows for the report. */
    List<Setting> settings();

    /** Every run, in the grid's order (the order of the CSV). */
    List<RunConfig> runs();
}
