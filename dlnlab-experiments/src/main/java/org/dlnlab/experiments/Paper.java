package org.dlnlab.experiments;

import org.dlnlab.experiments.analysis.Claim;
import org.dlnlab.experiments.report.Report;
import org.dlnlab.experiments.store.SweepRow;

import java.util.List;

/** A paper that {@code dlnlab reproduce} reruns: its figure families, the claims across them, what the report says. */
public interface Paper {
    /** The name {@code dlnlab reproduce} takes, e.g. {@code marion-chizat}. */
    String id();

    /** The figure families at a scale, in the order they run and appear in the report. */
    List<Family> families(Reproduction.Scale scale);

    /** Claims measured over the rows of every sweep family together, besides each family's own. */
    List<Claim> claims(List<SweepRow> sweepRows);

    /**
     * The order of the claims table: claims go in the order of the first of these prefixes their id starts with,
     * claims that match none last, and claims of one prefix in the order they were made.
     */
    List<String> claimOrder();

    /** The report's title, reference and notes. */
    Report.About about();
}
