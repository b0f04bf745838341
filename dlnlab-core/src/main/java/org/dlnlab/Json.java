package org.dlnlab;

import org.dlnlab.curvature.SpectrumEstimate;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON the programs print (the command line and the bench): pretty-printed objects whose numbers are finite or
 * null, never NaN or Infinity, numbers in {@link Decimal}'s form (the fast writer), and one set of keys for a sharpness
 * certificate.
 */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Puts a number, or null when it is not finite (κ with λ = 0, a diverged run's loss). */
    public static ObjectNode put(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
        return o;
    }

    public static ArrayNode array(ObjectNode o, String key, double[] values) {
        ArrayNode a = o.putArray(key);
        for (double v : values) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.addNull();
            }
        }
        return a;
    }

    /** The certificate of a sharpness estimate under the given key prefix-free names of docs/cli.md. */
    public static void putSpectrum(ObjectNode o, SpectrumEstimate e) {
        put(o, "sharpness", e.top());
        array(o, "eigenvalues", e.eigenvalues());
        array(o, "residual_norms", e.residualNorms());
        put(o, "gap", e.gap());
        o.put("hvps", e.hvps());
        o.put("converged", e.converged());
        o.put("method", e.method());
    }

    public static String write(ObjectNode o) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o);
    }
}
