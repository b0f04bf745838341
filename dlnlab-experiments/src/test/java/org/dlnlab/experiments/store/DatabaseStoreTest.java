package org.dlnlab.experiments.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DatabaseStoreTest {
    private static double any(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> Double.NaN;
            case 1 -> r.nextDouble() * 1e-300;
            default -> r.nextGaussian() * 1e6;
        };
    }

    @Test
    void theDatabaseHoldsTheCsvsRowsBitForBitAndTheCsvIsTheCsvStores(@TempDir Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        List<SweepRow> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean div = r.nextBoolean();
            rows.add(new SweepRow("fig1", "fig1/eta=0.02/rep=0" + (10 + i), r.nextLong(), "builtin:mc_fig1",
                    r.nextBoolean() ? null : "builtin:mc_fig6_test", 10, 5, r.nextBoolean() ? null : "a,\"quoted\"",
                    "small", any(r), any(r), 4000, i, div, div ? r.nextInt(100) : null, 4000, !div, any(r), any(r),
                    any(r), any(r), r.nextInt(50), any(r), any(r), any(r), any(r), any(r), any(r),
                    div ? null : r.nextInt(40), div ? null : r.nextBoolean(), any(r), any(r), any(r), any(r), any(r)));
        }
        Path db = dir.resolve("db");
        Path csv = dir.resolve("csv");
        new DatabaseStore(db).saveSweep("fig1", "fp", rows);
        new DatabaseStore(db).saveSweep("fig1", "fp", rows); // saved again: replaced, not doubled
        new CsvStore(csv).saveSweep("fig1", "fp", rows);
        assertArrayEquals(Files.readAllBytes(csv.resolve("fig1.csv")), Files.readAllBytes(db.resolve("fig1.csv")));

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db.resolve(SweepDatabase.FILE));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM runs ORDER BY rep")) {
            List<String> header = CsvStore.SWEEP.header();
            assertEquals(header.size(), rs.getMetaData().getColumnCount());
            int i = 0;
            while (rs.next()) {
                // Each row, read back from the database and written as CsvStore writes it, is the row saved.
                List<String> cells = new ArrayList<>();
                for (int col = 1; col <= header.size(); col++) {
                    assertEquals(header.get(col - 1), rs.getMetaData().getColumnName(col));
                    cells.add(SweepDatabase.cell(rs.getObject(col)));
                }
                assertEquals(CsvStore.SWEEP.line(rows.get(i)), String.join(",", cells), "row " + i);
                i++;
            }
            assertEquals(rows.size(), i);
        }
    }
}
