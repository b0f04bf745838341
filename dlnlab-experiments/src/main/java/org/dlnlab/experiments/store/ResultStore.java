package org.dlnlab.experiments.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a reproduction keeps each family's rows, so that a later invocation resumes instead of recomputing: a
 * family's rows are saved complete under the fingerprint of its settings, and a sweep being computed keeps a
 * checkpoint of its finished runs. Rows are only reused under the same fingerprint. {@link CsvStore} keeps the
 * tidy CSV files; another store (a database) implements this interface.
 */
public interface ResultStore {
    /**
     * A sweep's rows from an earlier invocation with this fingerprint, by run key, limited to the runs in
     * {@code keys}: every run's when the family was saved complete, else what its checkpoint holds, else none.
     */
    Sweep loadSweep(String family, String fingerprint, Set<String> keys);

    /** The rows of a trajectory family saved complete with this fingerprint. */
    Optional<List<TrajectoryRow>> loadTrajectories(String family, String fingerprint);

    /**
     * Starts the checkpoint of a sweep being computed, holding {@code kept} (the rows reused from an earlier
     * checkpoint, in the grid's order); each run appended after is kept even if the invocation dies.
     */
    Checkpoint checkpoint(String family, String fingerprint, List<SweepRow> kept);

    /** Saves a sweep complete, in the grid's order; its checkpoint is no longer needed. */
    void saveSweep(String family, String fingerprint, List<SweepRow> rows);

    /** Saves a trajectory family complete. */
    void saveTrajectories(String family, String fingerprint, List<TrajectoryRow> rows);

    /** The rows of a family of another row type, saved complete with this fingerprint. */
    <R extends Record> Optional<List<R>> loadTable(String family, String fingerprint, Class<R> type);

    /** Saves a family of another row type complete. */
    <R extends Record> void saveTable(String family, String fingerprint, Class<R> type, List<R> rows);

    /** Where a family's rows are, relative to the output folder, for the report to link. */
    String location(String family);

    /** A sweep's stored rows: all of them ({@code complete}), or the finished runs of a checkpoint. */
    record Sweep(boolean complete, Map<String, SweepRow> rows) {
        public static final Sweep NONE = new Sweep(false, Map.of());
    }

    /** The finished runs of a sweep being computed, appended one at a time (calls come from one thread at a time). */
    interface Checkpoint extends AutoCloseable {
        void append(SweepRow row);

        @Override
        void close();
    }
}
