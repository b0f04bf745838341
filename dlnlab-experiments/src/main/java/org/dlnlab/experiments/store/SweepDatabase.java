package org.dlnlab.experiments.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The results of a sweep in {@code results.duckdb}: a {@code runs} table (one row per run: its key, status, the
 * options the spec sets, every number train reports), a {@code trajectories} table (every row of each run's
 * trajectory.csv, with its run key), and a {@code sweep} table holding the spec the runs were made with. Columns are
 * added as runs bring them (a column per option and per result field), typed by their values: BIGINT, DOUBLE,
 * BOOLEAN or VARCHAR. Each run is committed in one transaction with its trajectory, so a crash loses only the runs
 * in flight. Calls come from one thread at a time.
 */
public final class SweepDatabase implements AutoCloseable {
    public static final String FILE = "results.duckdb";

    private final Connection db;
    /** The runs table's columns and their SQL types, in table order. */
    private final Map<String, String> runColumns = new LinkedHashMap<>();
    private final Set<String> trajectoryColumns = new HashSet<>();

    private SweepDatabase(Connection db) throws SQLException {
        this.db = db;
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS sweep (entry VARCHAR PRIMARY KEY, value VARCHAR)");
            s.execute("CREATE TABLE IF NOT EXISTS runs (run_key VARCHAR PRIMARY KEY, status VARCHAR NOT NULL,"
                    + " reason VARCHAR)");
            s.execute("CREATE TABLE IF NOT EXISTS trajectories (run_key VARCHAR NOT NULL, step BIGINT)");
        }
        runColumns.putAll(columns("runs"));
        trajectoryColumns.addAll(columns("trajectories").keySet());
    }

    /** Opens (or creates) the database of the sweep in this folder; it stays locked while open. */
    public static SweepDatabase open(Path dir) {
        Path file = dir.resolve(FILE).toAbsolutePath();
        try {
            return new SweepDatabase(DriverManager.getConnection("jdbc:duckdb:" + file));
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("cannot open " + file + ": " + e.getMessage(), e));
        }
    }

    /** The spec entries the earlier runs were made with, empty for a new database. */
    public Map<String, String> spec() {
        Map<String, String> out = new LinkedHashMap<>();
        query("SELECT entry, value FROM sweep ORDER BY entry", rs -> out.put(rs.getString(1), rs.getString(2)));
        return out;
    }

    /** Records the spec of the runs to come; {@code discard} first deletes every earlier run. */
    public void begin(Map<String, String> spec, boolean discard) {
        transaction(() -> {
            try (Statement s = db.createStatement()) {
                s.execute("DELETE FROM sweep");
                if (discard) {
                    s.execute("DELETE FROM runs");
                    s.execute("DELETE FROM trajectories");
                }
                // A failed run is run again: its row and trajectory go.
                s.execute("DELETE FROM trajectories WHERE run_key IN (SELECT run_key FROM runs WHERE status <> 'done')");
                s.execute("DELETE FROM runs WHERE status <> 'done'");
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO sweep VALUES (?, ?)")) {
                for (Map.Entry<String, String> e : spec.entrySet()) {
                    p.setString(1, e.getKey());
                    p.setString(2, e.getValue());
                    p.addBatch();
                }
                p.executeBatch();
            }
        });
    }

    /** The keys of the runs that finished. */
    public Set<String> finished() {
        Set<String> out = new HashSet<>();
        query("SELECT run_key FROM runs WHERE status = 'done'", rs -> out.add(rs.getString(1)));
        return out;
    }

    /** A finished run: its columns by name (the key columns among them), and its trajectory file or null. */
    public record Run(Map<String, Object> columns, Path trajectoryCsv) {
    }

    /** Stores runs with the rows of their trajectory files in one transaction. */
    public void add(List<Run> runs) {
        transaction(() -> {
            for (Run r : runs) {
                insert(r.columns(), r.trajectoryCsv());
            }
        });
    }

    private void insert(Map<String, Object> run, Path trajectoryCsv) throws SQLException {
        for (Map.Entry<String, Object> e : run.entrySet()) {
            if (!runColumns.containsKey(e.getKey()) && e.getValue() != null) {
                String type = sqlType(e.getValue());
                execute("ALTER TABLE runs ADD COLUMN " + quote(e.getKey()) + " " + type);
                runColumns.put(e.getKey(), type);
            }
        }
        List<String> names = run.entrySet().stream().filter(e -> runColumns.containsKey(e.getKey()))
                .map(Map.Entry::getKey).toList();
        String sql = "INSERT INTO runs (" + String.join(", ", names.stream().map(SweepDatabase::quote).toList())
                + ") VALUES (" + String.join(", ", names.stream().map(n -> "?").toList()) + ")";
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < names.size(); i++) {
                p.setObject(i + 1, run.get(names.get(i)));
            }
            p.executeUpdate();
        }
        if (trajectoryCsv != null && Files.isRegularFile(trajectoryCsv)) {
            insertTrajectory((String) run.get("run_key"), trajectoryCsv);
        }
    }

    /** The trajectory file's rows through DuckDB's CSV reader: step as BIGINT, every other column DOUBLE. */
    private void insertTrajectory(String key, Path csv) throws SQLException {
        String header;
        try (var lines = Files.lines(csv, StandardCharsets.UTF_8)) {
            header = lines.findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (header == null || header.isEmpty()) {
            return;
        }
        List<String> columns = List.of(header.split(","));
        List<String> types = new ArrayList<>();
        for (String c : columns) {
            String type = c.equals("step") ? "BIGINT" : "DOUBLE";
            types.add(literal(c) + ": " + literal(type));
            if (trajectoryColumns.add(c)) {
                execute("ALTER TABLE trajectories ADD COLUMN " + quote(c) + " " + type);
            }
        }
        execute("INSERT INTO trajectories BY NAME SELECT " + literal(key) + " AS run_key, * FROM read_csv("
                + literal(csv.toAbsolutePath().toString()) + ", header = true, auto_detect = false, hive_partitioning = false,"
                + " columns = {"
                + String.join(", ", types) + "})");
    }

    /** The runs table's columns in table order. */
    public List<String> runColumns() {
        return List.copyOf(runColumns.keySet());
    }

    /**
     * Writes {@code runs.csv} sorted by key, numbers in round-trip form and an empty cell for no value, through a
     * temporary file and a rename.
     */
    public void writeRunsCsv(Path file) {
        StringBuilder sb = new StringBuilder();
        sb.append(Csv.line(runColumns())).append('\n');
        query("SELECT * FROM runs ORDER BY run_key", rs -> {
            List<String> cells = new ArrayList<>();
            for (int i = 1; i <= runColumns.size(); i++) {
                cells.add(cell(rs.getObject(i)));
            }
            sb.append(Csv.line(cells)).append('\n');
        });
        AtomicFiles.writeString(file, sb.toString());
    }

    /** A value as a CSV cell: the same form the live file appends. */
    public static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Csv.num(d);
        }
        if (v instanceof Float f) {
            return Csv.num(f);
        }
        if (v instanceof String s) {
            return Csv.text(s);
        }
        return v.toString();
    }

    /** Writes {@code runs.parquet} and {@code trajectories.parquet} sorted by key (and step) through DuckDB's COPY. */
    public void exportParquet(Path dir) {
        try {
            execute("COPY (SELECT * FROM runs ORDER BY run_key) TO "
                    + literal(dir.resolve("runs.parquet").toAbsolutePath().toString()) + " (FORMAT parquet)");
            execute("COPY (SELECT * FROM trajectories ORDER BY run_key, step) TO "
                    + literal(dir.resolve("trajectories.parquet").toAbsolutePath().toString()) + " (FORMAT parquet)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot export Parquet: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close " + FILE + ": " + e.getMessage(), e);
        }
    }

    private Map<String, String> columns(String table) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement p = db.prepareStatement("SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_name = ? ORDER BY ordinal_position")) {
            p.setString(1, table);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    private static String sqlType(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            return "BIGINT";
        }
        if (v instanceof Double || v instanceof Float) {
            return "DOUBLE";
        }
        if (v instanceof Boolean) {
            return "BOOLEAN";
        }
        return "VARCHAR";
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void transaction(SqlWork work) {
        try {
            db.setAutoCommit(false);
            try {
                work.run();
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + FILE + ": " + e.getMessage(), e);
        }
    }

    private void query(String sql, RowReader reader) {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                reader.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + FILE + ": " + e.getMessage(), e);
        }
    }

    /** A column name as SQL quotes it. */
    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
