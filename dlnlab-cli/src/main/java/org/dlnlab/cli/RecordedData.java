package org.dlnlab.cli;

import org.dlnlab.init.Initialization;
import org.dlnlab.init.WeightsFile;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The commands that measure given weights take the data settings their file records (docs/cli.md, provenance). */
public final class RecordedData {
    @Option(names = "--ignore-recorded", description = "Use the typed data options (--data, columns, --standardize, --loss)"
            + " even where they contradict what the weights file records.")
    boolean ignore;

    /** Fills the untyped data options from the record of the weights the initialization reads, if it reads any. */
    void apply(CommandSpec spec, CommonOptions common, String init, WeightsFile.Layout layout) {
        if (Initialization.parse(init) instanceof Initialization.FromFile file) {
            Provenance.useRecordedData(spec, common, file.path(), layout, ignore);
        }
    }
}
