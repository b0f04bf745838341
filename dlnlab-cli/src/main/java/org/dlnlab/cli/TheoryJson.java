package org.dlnlab.cli;

import org.dlnlab.Json;
import org.dlnlab.theory.SmallInitCheck;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The small-init claims as JSON and as a table, shared by {@code check} and {@code train --check-theory}. */
final class TheoryJson {
    private TheoryJson() {
    }

    static ArrayNode put(ObjectNode o, String key, List<SmallInitCheck.Claim> claims) {
        ArrayNode a = o.putArray(key);
        for (SmallInitCheck.Claim c : claims) {
            ObjectNode n = a.addObject();
            n.put("claim", c.name());
            n.put("verdict", c.verdict().name().toLowerCase(Locale.ROOT));
            Json.put(n, "measured", c.measured());
            Json.put(n, "threshold", c.threshold());
            n.put("detail", c.detail());
        }
        return a;
    }

    /** One sentence per claim, "low norm: 0.7937 ≤ 1 holds (…)": the measured number, its threshold, the verdict. */
    static void print(PrintWriter out, List<SmallInitCheck.Claim> claims) {
        for (SmallInitCheck.Claim c : claims) {
            out.printf(Locale.ROOT, "  %s: %s %s %s %s (%s)%n", c.name().replace('_', ' '), number(c.measured()),
                    c.measured() <= c.threshold() ? "≤" : ">", number(c.threshold()),
                    c.verdict().name().toLowerCase(Locale.ROOT), c.detail());
        }
    }

    /** Four significant digits without trailing zeros (1, 0.01, 0.7937, 4.93e-33), ∞ for an infinite threshold. */
    static String number(double x) {
        if (Double.isInfinite(x)) {
            return x > 0 ? "∞" : "−∞";
        }
        // Only zeros after the decimal point go: 1000 stays 1000.
        return String.format(Locale.ROOT, "%.4g", x).replaceAll("(\\.\\d*?)0+(?=$|e)", "$1")
                .replaceAll("\\.(?=$|e)", "").replaceAll("e\\+?(-?)0*(\\d)", "e$1$2");
    }
}
