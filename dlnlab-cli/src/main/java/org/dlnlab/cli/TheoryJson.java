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

    static void print(PrintWriter out, List<SmallInitCheck.Claim> claims) {
        for (SmallInitCheck.Claim c : claims) {
            out.printf(Locale.ROOT, "  %-20s %-12s measured %-12.6g threshold %-10.6g %s%n", c.name(),
                    c.verdict().name().toLowerCase(Locale.ROOT), c.measured(), c.threshold(), c.detail());
        }
    }
}
