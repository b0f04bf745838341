package org.dlnlab.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The valid names nearest to a mistyped option or command ({@code --step} → {@code --steps}, {@code trian} →
 * {@code train}). Picocli's own suggestions list every option sharing the first two letters, unordered, and none
 * for a typo in those letters; the edit distance finds the one meant.
 */
final class Suggestions {
    private Suggestions() {
    }

    /** "Did you mean …?" for the first unmatched argument, or null when no valid name is near it. */
    static String of(UnmatchedArgumentException ex) {
        if (ex.getUnmatched().isEmpty()) {
            return null;
        }
        String typed = ex.getUnmatched().get(0);
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        boolean option = typed.startsWith("-");
        if (option) {
            typed = typed.split("=", 2)[0]; // --step=5
        }
        List<String> nearest = nearest(typed, option ? spec.optionsMap().keySet() : spec.subcommands().keySet());
        return nearest.isEmpty() ? null : "Did you mean " + String.join(" or ", nearest) + "?";
    }

    /** The names at the smallest distance from {@code typed}, if that is at most a third of its length (≥ 1). */
    static List<String> nearest(String typed, Collection<String> names) {
        int best = Math.max(1, typed.length() / 3);
        List<String> found = new ArrayList<>();
        for (String name : names) {
            int d = distance(typed, name);
            if (d < best) {
                best = d;
                found.clear();
            }
            if (d == best) {
                found.add(name);
            }
        }
        return found;
    }

    /** Edits (insert, delete, replace, swap two neighbours) that turn a into b: optimal string alignment. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
