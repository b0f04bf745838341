package org.dlnlab.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until the reproduction of issue 4 exists: runs the paper's Fig. 1c/1d setting once. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Reproduce the paper's experiments. Until the full reproduction lands this runs a short demo"
                + " on the paper's data: the bounds at L = 10 and one GD run with η = 0.1 whose sharpness rises to"
                + " 2/η = 20.")
final class ReproduceCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        out.println("== bounds on builtin:mc_fig1, depth 10 ==");
        int code = Main.run(new String[]{"bounds", "--data", "builtin:mc_fig1", "--depth", "10"},
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        if (code != 0) {
            return code;
        }
        out.println("== GD from small:0.35, η = 0.1, 2000 steps (edge of stability: sharpness → 2/η = 20) ==");
        return Main.run(new String[]{"train", "--data", "builtin:mc_fig1", "--depth", "10", "--init", "small:0.35",
                        "--lr", "0.1", "--steps", "2000", "--track", "sharpness:5", "--out", "dlnlab-out/demo",
                        "--force"},
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
    }
}
