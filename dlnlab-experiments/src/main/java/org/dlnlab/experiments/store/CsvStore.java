package org.dlnlab.experiments.store;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The results as tidy CSV files in the output folder, {@code <family>.csv}, with the state of resuming in
 * {@code .reproduce/}. While a sweep runs, every finished run is appended to
 * {@code .reproduce/<family>.partial.csv} (first line: {@code #} and the fingerprint, then the header); when the
 * family completes, {@code <family>.csv} is written atomically and {@code .reproduce/<family>.done} records the
 * fingerprint. Numbers are written in round-trip form, so reused rows are byte-identical to recomputed ones.
 */
public final class CsvStore implements ResultStore {
    static final Columns<SweepRow> SWEEP = Columns.of(SweepRow.class);
    static final Columns<TrajectoryRow> TRAJECTORY = Columns.of(TrajectoryRow.class);

    private final Path out;
    private final Path state;

    public CsvStore(Path out) {
        this.out = out;
        this.state = out.resolve(".reproduce");
    }

    @Override
    public String location(String family) {
        return family + ".csv";
    }

    @Override
    public Sweep loadSweep(String family, String fingerprint, Set<String> keys) {
        try {
            Optional<List<String>> complete = completeLines(family, fingerprint);
            if (complete.isPresent() && complete.get().get(0).equals(SWEEP.headerLine())) {
                List<String> lines = complete.get();
                Map<String, SweepRow> rows = parseSweep(lines.subList(1, lines.size()), keys);
                if (rows.size() == keys.size()) {
                    return new Sweep(true, rows);
                }
            }
            Path partial = partial(family);
            if (Files.exists(partial)) {
                List<String> lines = Files.readAllLines(partial, StandardCharsets.UTF_8);
                if (lines.size() >= 2 && lines.get(0).equals("#" + fingerprint)
                        && lines.get(1).equals(SWEEP.headerLine())) {
                    return new Sweep(false, parseSweep(lines.subList(2, lines.size()), keys));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // An unreadable earlier result is recomputed.
        }
        return Sweep.NONE;
    }

    @Override
    public Optional<List<TrajectoryRow>> loadTrajectories(String family, String fingerprint) {
        return loadTable(family, fingerprint, TrajectoryRow.class);
    }

    @Override
    public <R extends Record> Optional<List<R>> loadTable(String family, String fingerprint, Class<R> type) {
        Columns<R> columns = Columns.of(type);
        try {
            Optional<List<String>> complete = completeLines(family, fingerprint);
            if (complete.isPresent() && complete.get().get(0).equals(columns.headerLine())) {
                List<String> lines = complete.get();
                List<R> rows = new ArrayList<>();
                for (String line : lines.subList(1, lines.size())) {
                    rows.add(columns.parse(line));
                }
                return Optional.of(rows);
            }
        } catch (IOException | IllegalArgumentException e) {
            // An unreadable earlier result is recomputed.
        }
        return Optional.empty();
    }

    /** The lines of a family's CSV when its done marker holds this fingerprint and the file is not empty. */
    private Optional<List<String>> completeLines(String family, String fingerprint) throws IOException {
        Path csv = out.resolve(location(family));
        Path done = state.resolve(family + ".done");
        if (Files.exists(done) && Files.exists(csv) && Files.readString(done).trim().equals(fingerprint)) {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            if (!lines.isEmpty()) {
                return Optional.of(lines);
            }
        }
        return Optional.empty();
    }

    /** Parses rows, skipping malformed lines and rows of runs not in keys. */
    private static Map<String, SweepRow> parseSweep(List<String> lines, Set<String> keys) {
        Map<String, SweepRow> rows = new HashMap<>();
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                SweepRow row = SWEEP.parse(line);
                if (keys.contains(row.runKey())) {
                    rows.put(row.runKey(), row);
                }
            } catch (RuntimeException e) {
                // a line torn by a crash: that run is computed again
            }
        }
        return rows;
    }

    @Override
    public Checkpoint checkpoint(String family, String fingerprint, List<SweepRow> kept) {
        Path partial = partial(family);
        try {
            Files.createDirectories(state);
            // Rewrite the checkpoint with the rows kept (drops a line torn by an earlier crash), then append.
            List<String> lines = new ArrayList<>();
            lines.add("#" + fingerprint);
            lines.add(SWEEP.headerLine());
            for (SweepRow row : kept) {
                lines.add(SWEEP.line(row));
            }
            AtomicFiles.writeString(partial, String.join("\n", lines) + "\n");
            BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return new Checkpoint() {
                @Override
                public void append(SweepRow row) {
                    try {
                        w.write(SWEEP.line(row));
                        w.write('\n');
                        w.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write " + partial, e);
                    }
                }

                @Override
                public void close() {
                    try {
                        w.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write " + partial, e);
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial, e);
        }
    }

    @Override
    public void saveSweep(String family, String fingerprint, List<SweepRow> rows) {
        AtomicFiles.writeString(out.resolve(location(family)), Csv.table(SWEEP.headerLine(),
                rows.stream().map(SWEEP::line).toList()));
        markDone(family, fingerprint);
    }

    @Override
    public void saveTrajectories(String family, String fingerprint, List<TrajectoryRow> rows) {
        saveTable(family, fingerprint, TrajectoryRow.class, rows);
    }

    @Override
    public <R extends Record> void saveTable(String family, String fingerprint, Class<R> type, List<R> rows) {
        Columns<R> columns = Columns.of(type);
        AtomicFiles.writeString(out.resolve(location(family)), Csv.table(columns.headerLine(),
                rows.stream().map(columns::line).toList()));
        markDone(family, fingerprint);
    }

    private void markDone(String family, String fingerprint) {
        AtomicFiles.writeString(state.resolve(family + ".done"), fingerprint + "\n");
        try {
            Files.deleteIfExists(partial(family));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path partial(String family) {
        return state.resolve(family + ".partial.csv");
    }
}
