package org.dlnlab.cli;

import org.dlnlab.experiments.Reproduction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's claim table and docs/claims.md are what a fresh full {@code reproduce} writes: this runs the paper's
 * whole reproduction (about 8,900 runs, under a minute on 2 cores) and compares the Markdown claims table it writes
 * into its output folder with both. After a change that moves a number, rerun {@code ./dlnlab reproduce}, copy that
 * table from {@code dlnlab-out/} to docs/claims.md and paste it between the README's markers.
 */
class ReadmeClaimsTest {
    static final String BEGIN = "<!-- claims:begin -->\n";
    static final String END = "<!-- claims:end -->";

    @TempDir
    static Path out;

    @BeforeAll
    static void reproduce() {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new String[]{"reproduce", "--out", out.toString(), "--force"}, new PrintWriter(o),
                new PrintWriter(e));
        assertEquals(0, code, e.toString());
    }

    @Test
    void theReadmeCarriesTheClaimsOfAFreshFullReproduction() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int b = readme.indexOf(BEGIN);
        int e = readme.indexOf(END);
        assertTrue(b >= 0 && e > b, "README.md lacks the " + BEGIN.strip() + " … " + END + " block");
        String expected = Files.readString(out.resolve(Reproduction.CLAIMS_TABLE), StandardCharsets.UTF_8);
        assertEquals(expected, readme.substring(b + BEGIN.length(), e),
                "README.md's claim table differs from a fresh `reproduce`: paste the claims table of dlnlab-out"
                        + " between the markers");
        assertEquals(expected, Files.readString(Path.of("..", "docs", "claims.md"), StandardCharsets.UTF_8),
                "docs/claims.md differs from a fresh `reproduce`: copy the claims table of dlnlab-out there");
    }

    @Test
    void noCsvOfTheReproductionHoldsANegativeLoss() throws IOException {
        List<String> negative = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.list(out)) {
            for (Path csv : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
                List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
                List<String> header = List.of(lines.get(0).split(","));
                List<Integer> lossColumns = new ArrayList<>();
                for (int i = 0; i < header.size(); i++) {
                    if (header.get(i).endsWith("loss")) {
                        lossColumns.add(i);
                    }
                }
                for (String line : lines.subList(1, lines.size())) {
                    String[] cells = line.split(",", -1);
                    for (int i : lossColumns) {
                        if (!cells[i].isEmpty()) {
                            checked++;
                            if (Double.parseDouble(cells[i]) < 0) {
                                negative.add(csv.getFileName() + ": " + header.get(i) + " = " + cells[i]);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checked > 15_000, checked + " losses checked");
        assertEquals(List.of(), negative);
    }
}
