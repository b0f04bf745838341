package org.dlnlab.cli;

import org.dlnlab.InvalidInputException;
import org.dlnlab.Json;
import org.dlnlab.data.DataSources;
import org.dlnlab.init.WeightsFile;
import org.dlnlab.model.Activation;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.model.StandardActivation;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a run was made (docs/cli.md, provenance): {@code run.json} in its folder and the same record in its weights
 * file. The record holds the version and the command line, which may differ between runs that compute the same
 * bytes, and the {@code settings} that define the run: every option's value as typed or defaulted, less those that
 * only choose where or how results are shown, and the SHA-256 of the data's bytes. Equal settings, equal results.
 */
final class Provenance {
    static final String FILE = "run.json";
    /** Options that never change a result. */
    private static final Set<String> NOT_SETTINGS = Set.of("--json", "--verbose", "--out", "--force", "--progress",
            "--help", "--version", "--ignore-recorded", "--threads");
    /** The data options a weights file's record supplies when they are not typed. */
    private static final List<String> DATA_OPTIONS = List.of("--data", "--target", "--targets", "--features",
            "--drop", "--standardize", "--loss");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Provenance() {
    }

    /** The record of the command being run on this network; without data options and network (reproduce): null. */
    static ObjectNode record(CommandSpec spec, CommonOptions common, DeepLinearNet net) {
        return record(spec, common, net, StandardActivation.LINEAR);
    }

    /** The record of the command being run on this network with this activation. */
    static ObjectNode record(CommandSpec spec, CommonOptions common, DeepLinearNet net, Activation activation) {
        ObjectNode o = Json.object();
        o.put("dlnlab_version", spec.root().version()[0]);
        o.put("command", spec.name());
        var line = o.putArray("command_line");
        spec.commandLine().getParseResult().originalArgs().forEach(line::add);
        ObjectNode settings = o.putObject("settings");
        for (OptionSpec option : spec.options()) {
            String name = option.longestName();
            if (!NOT_SETTINGS.contains(name)) {
                put(settings, name, option.getValue());
            }
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            put(settings, p.paramLabel(), p.getValue());
        }
        if (common == null) {
            return o;
        }
        settings.put("data_sha256", DataSources.sha256(common.data));
        // What the options made of the network, spelled out (derived from the settings, so not compared).
        ObjectNode network = o.putObject("network");
        var widths = network.putArray("widths");
        for (int k = 0; k <= net.depth(); k++) {
            widths.add(net.width(k));
        }
        network.put("activation", activation.label());
        network.put("projection", net.hasProjection());
        return o;
    }

    /** The activation a weights file's record names (its label), or null when it records none. */
    static String recordedActivation(String provenance) {
        if (provenance == null) {
            return null;
        }
        JsonNode a = MAPPER.readTree(provenance).path("network").path("activation");
        return a.isString() ? a.asString() : null;
    }

    /**
     * The record a weights file carries: the run's without its command line, so that the same run written to another
     * folder gives the same bytes.
     */
    static String forWeights(ObjectNode record) {
        ObjectNode o = record.deepCopy();
        o.remove("command_line");
        return o.toString();
    }

    private static void put(ObjectNode o, String name, Object value) {
        if (value == null) {
            o.putNull(name);
        } else if (value instanceof Collection<?> c) {
            var a = o.putArray(name);
            c.forEach(x -> a.add(String.valueOf(x)));
        } else {
            o.put(name, String.valueOf(value));
        }
    }

    /** Writes run.json into the folder (reproduce: its checkpoints decide what an earlier run's files are worth). */
    static void write(Path dir, ObjectNode record) {
        org.dlnlab.init.WeightsJson.writeAtomically(dir.resolve(FILE), Json.write(record) + "\n");
    }

    /**
     * Writes run.json into the run's folder. A folder that holds an earlier run made with other settings is refused,
     * naming the first difference, unless forced; equal settings redo the run.
     */
    static void claimFolder(Path dir, ObjectNode record, boolean force) {
        Path file = dir.resolve(FILE);
        if (!force && Files.isRegularFile(file)) {
            JsonNode before = read(file);
            String difference = difference(before.path("settings"), record.get("settings"));
            if (difference != null) {
                throw new InvalidInputException("--out " + dir + ": holds an earlier run made with other settings ("
                        + difference + "); choose another folder or add --force");
            }
        }
        write(dir, record);
    }

    /**
     * The first setting that differs, as "--steps: 20000 there, 100 now", or null. An option a version did not have
     * and one left unset are the same, so a new option does not set old folders apart.
     */
    private static String difference(JsonNode before, JsonNode now) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        now.properties().forEach(e -> names.add(e.getKey()));
        before.properties().forEach(e -> names.add(e.getKey()));
        for (String name : names) {
            JsonNode old = before.get(name);
            JsonNode current = now.get(name);
            if (!(unset(old) && unset(current)) && !Objects.equals(old, current)) {
                return name + ": " + shown(old) + " there, " + shown(current) + " now";
            }
        }
        return null;
    }

    private static boolean unset(JsonNode v) {
        return v == null || v.isNull();
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new java.util.ArrayList<>();
        array.forEach(x -> list.add(x.asString()));
        return list;
    }

    private static String shown(JsonNode v) {
        return v == null || v.isNull() ? "not set" : v.isString() ? v.asString() : v.toString();
    }

    private static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (RuntimeException e) {
            throw new InvalidInputException(file + ": not a run record (" + e.getMessage() + "); add --force to"
                    + " replace it");
        }
    }

    /**
     * Fills the data options the user did not type from the record of the weights file: the data, targets,
     * standardization and loss it was trained with. A typed option that contradicts the record is refused, naming
     * both, unless ignoreRecorded. Weights that record no data need a typed --data: never a silent default.
     */
    static void useRecordedData(CommandSpec spec, CommonOptions common, Path weights, WeightsFile.Layout layout,
                                boolean ignoreRecorded) {
        var parsed = spec.commandLine().getParseResult();
        String text = WeightsFile.read(weights, layout).provenance();
        JsonNode settings = text == null ? null : MAPPER.readTree(text).path("settings");
        if (settings == null || !settings.has("--data")) {
            if (!parsed.hasMatchedOption("--data")) {
                throw new InvalidInputException(weights + ": the weights record no data; give --data (and the"
                        + " columns, --standardize and --loss they were trained with)");
            }
            return;
        }
        for (String name : DATA_OPTIONS) {
            OptionSpec option = spec.findOption(name);
            JsonNode recorded = settings.get(name);
            if (option == null || recorded == null) {
                continue;
            }
            ObjectNode typed = Json.object();
            put(typed, name, option.getValue());
            if (parsed.hasMatchedOption(name)) {
                if (!ignoreRecorded && !typed.get(name).equals(recorded)) {
                    throw new InvalidInputException(name + " " + shown(typed.get(name)) + " contradicts the weights' "
                            + weights + ", trained with " + name + " " + shown(recorded)
                            + "; drop the option or add --ignore-recorded");
                }
            } else {
                option.setValue(recorded.isNull() ? null : recorded.isArray() ? strings(recorded) : recorded.asString());
            }
        }
        if (!parsed.hasMatchedOption("--data") && settings.has("data_sha256")
                && !settings.get("data_sha256").asString().equals(DataSources.sha256(common.data))) {
            throw new InvalidInputException(common.data + ": changed since the weights " + weights + " were trained on"
                    + " it (its SHA-256 differs from the one recorded); give --data to use it anyway");
        }
    }
}
