package org.dlnlab.experiments.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link CsvStore}'s tidy CSVs, which stay what a reproduction resumes from and what its figures are drawn
 * from, plus the same rows in {@code results.duckdb}, the database a sweep writes: a {@code runs} table (every sweep
 * family's rows, one per run) and a {@code trajectories} table, both with a {@code figure} column naming the family.
 * A family's rows enter the database when the family is saved complete or loaded complete, in one transaction that
 * replaces the family's earlier rows; a family with rows of its own record type (a table family) gets a table of its
 * own, named after it. DuckDB reads the rows from the CSV just written, with the column types of the row record, so
 * the database holds exactly the CSV's numbers.
 */
public final class DatabaseStore implements ResultStore {
    private final CsvStore csv;
    private final Path out;

    public DatabaseStore(Path out) {
        this.csv = new CsvStore(out);
        this.out = out;
    }

    @Override
    public Sweep loadSweep(String family, String fingerprint, Set<String> keys) {
        Sweep s = csv.loadSweep(family, fingerprint, keys);
        if (s.complete()) {
            copy(family, "runs", CsvStore.SWEEP);
        }
        return s;
    }

    @Override
    public Optional<List<TrajectoryRow>> loadTrajectories(String family, String fingerprint) {
        Optional<List<TrajectoryRow>> rows = csv.loadTrajectories(family, fingerprint);
        if (rows.isPresent()) {
            copy(family, "trajectories", CsvStore.TRAJECTORY);
        }
        return rows;
    }

    @Override
    public Checkpoint checkpoint(String family, String fingerprint, List<SweepRow> kept) {
        return csv.checkpoint(family, fingerprint, kept);
    }

    @Override
    public void saveSweep(String family, String fingerprint, List<SweepRow> rows) {
        csv.saveSweep(family, fingerprint, rows);
        copy(family, "runs", CsvStore.SWEEP);
    }

    @Override
    public void saveTrajectories(String family, String fingerprint, List<TrajectoryRow> rows) {
        csv.saveTrajectories(family, fingerprint, rows);
        copy(family, "trajectories", CsvStore.TRAJECTORY);
    }

    @Override
    public <R extends Record> Optional<List<R>> loadTable(String family, String fingerprint, Class<R> type) {
        Optional<List<R>> rows = csv.loadTable(family, fingerprint, type);
        if (rows.isPresent()) {
            copy(family, null, Columns.of(type));
        }
        return rows;
    }

    @Override
    public <R extends Record> void saveTable(String family, String fingerprint, Class<R> type, List<R> rows) {
        csv.saveTable(family, fingerprint, type, rows);
        copy(family, null, Columns.of(type));
    }

    @Override
    public String location(String family) {
        return csv.location(family);
    }

    /** Replaces the family's rows in the shared table by those of its CSV; with no table, the family's own table. */
    private void copy(String family, String table, Columns<?> columns) {
        List<String> types = new ArrayList<>();
        for (int i = 0; i < columns.header().size(); i++) {
            types.add("'" + columns.header().get(i) + "': '" + sqlType(columns.types().get(i)) + "'");
        }
        String file = out.resolve(location(family)).toAbsolutePath().toString().replace("'", "''");
        String source = "read_csv('" + file + "', header = true, auto_detect = false, hive_partitioning = false,"
                + " columns = {" + String.join(", ", types) + "})";
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + out.resolve(SweepDatabase.FILE)
                .toAbsolutePath())) {
            db.setAutoCommit(false);
            try (Statement s = db.createStatement()) {
                if (table == null) {
                    s.execute("CREATE OR REPLACE TABLE \"" + family + "\" AS SELECT * FROM " + source);
                } else {
                    s.execute("CREATE TABLE IF NOT EXISTS " + table + " AS SELECT * FROM " + source + " LIMIT 0");
                    try (PreparedStatement p = db.prepareStatement("DELETE FROM " + table + " WHERE figure = ?")) {
                        p.setString(1, family);
                        p.executeUpdate();
                    }
                    s.execute("INSERT INTO " + table + " SELECT * FROM " + source);
                }
            }
            db.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + SweepDatabase.FILE + ": " + e.getMessage(), e);
        }
    }

    private static String sqlType(Class<?> t) {
        if (t == double.class) {
            return "DOUBLE";
        }
        if (t == int.class || t == Integer.class || t == long.class) {
            return "BIGINT";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "BOOLEAN";
        }
        return "VARCHAR";
    }
}
