package org.dlnlab.bench;

import org.dlnlab.bench.Grid.Row;
import org.dlnlab.bench.Targets.Target;
import org.dlnlab.kernels.Kernels;
import org.dlnlab.kernels.MemoryBudget;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The bench's table (without --json): the machine, its ceilings, the grid, the paper's workload, the targets. */
final class TableReport {
    private TableReport() {
    }

    static String time(double s) {
        if (!Double.isFinite(s)) {
            return "-";
        }
        if (s < 1e-6) {
            return String.format(Locale.ROOT, "%.0f ns", s * 1e9);
        }
        if (s < 1e-3) {
            return String.format(Locale.ROOT, "%.2f µs", s * 1e6);
        }
        if (s < 1) {
            return String.format(Locale.ROOT, "%.2f ms", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    private static String gib(long b) {
        return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
    }

    static void print(PrintWriter out, ObjectNode machine, Ceilings c, List<Row> rows, PaperWorkload paper,
                      List<SharpnessCheck> checks, ScaleRun sc, List<Target> targets) {
        out.printf(Locale.ROOT, "dlnlab bench — %s, %d cores, %s memory, L2 %s, L3 %s (OS); Java %s; kernels: %s;"
                        + " max heap %s%n", machine.get("cpu").asString(), machine.get("cores").asInt(),
                gib(machine.get("memory_bytes").asLong()), mib(machine.get("os_l2_bytes").asLong()),
                mib(machine.get("os_l3_bytes").asLong()), System.getProperty("java.version"), Kernels.implementation(),
                gib(MemoryBudget.available()));
        out.printf(Locale.ROOT, "load average %.2f before, %.2f after (2 cores shared: > 0.5 means other work ran)%n%n",
                machine.get("load_average_before").asDouble(), machine.get("load_average_after").asDouble());
        out.println("Ceilings (measured, one thread)");
        StringBuilder g = new StringBuilder("  OpenBLAS dgemv GF/s by width:");
        c.dgemvGflops.forEach((d, v) -> g.append(String.format(Locale.ROOT, "  d=%d %.2f", d, v)));
        out.println(c.blasError != null ? "  OpenBLAS unavailable: " + c.blasError : g);
        StringBuilder b = new StringBuilder("  copy bandwidth (read + written; best, median) by array size:");
        c.copyCurve.forEach((s, v) -> b.append(String.format(Locale.ROOT, "  %d MiB %.1f, %.1f GB/s", s >> 20, v / 1e9,
                c.copyMedian.get(s) / 1e9)));
        out.println(b);
        out.printf(Locale.ROOT, "  streaming bandwidth %.1f GB/s; effective last-level cache %s (the OS reports %s)%n%n",
                c.bandwidth / 1e9, mib(c.effectiveLlc), mib(machine.get("os_l3_bytes").asLong()));
        if (!rows.isEmpty()) {
            out.println("GD step (24N B or 6N flop) and HVP (32N B or 8N flop) against their bounds, one thread. Bound"
                    + " (GD/HVP): M = bytes / bandwidth when the working set (GD: W, 8N B; HVP: V, W, HV, 24N B)\n"
                    + "exceeds the LLC, F = flops / OpenBLAS dgemv rate over an equally large working set. alloc ="
                    + " bytes allocated per step or HVP after warm-up. GD and HVP are timed in fresh JVMs (median of the"
                    + " runs); vec/plain = their\ntime with the Vector API kernels over that with the plain-Java ones.");
            String fmt = "%5s %3s %12s | %10s %10s %6s | %10s %10s %6s | %5s | %18s | %6s | %11s | %s%n";
            out.printf(Locale.ROOT, fmt, "d", "L", "N", "GD step", "bound", "ratio", "HVP", "bound", "ratio", "bound",
                    "checked λmax", "alloc", "vec/plain", "2 threads: GD / HVP (bits)");
            for (Row r : rows) {
                if (r.skipped != null) {
                    out.printf(Locale.ROOT, "%5d %3d %,12d | skipped: %s%n", r.d, r.depth, r.n, r.skipped);
                    continue;
                }
                String sh = r.sharpnessHvps >= 0 ? String.format(Locale.ROOT, "%s (%d HVP)", time(r.sharpnessS),
                        r.sharpnessHvps) : "-";
                String two = r.gd2 != null ? String.format(Locale.ROOT, "%s / %s (%s)", time(r.gd2.seconds()),
                        time(r.hvp2.seconds()), r.identical ? "same" : "DIFFER") : "-";
                out.printf(Locale.ROOT, fmt, r.d, r.depth, String.format(Locale.ROOT, "%,d", r.n), time(r.gd.seconds()),
                        time(r.gdBound), String.format(Locale.ROOT, "%.2f", r.gdRatio()), time(r.hvp.seconds()),
                        time(r.hvpBound), String.format(Locale.ROOT, "%.2f", r.hvpRatio()),
                        (r.gdBoundKind.equals("dgemv") ? "F" : "M") + "/" + (r.hvpBoundKind.equals("dgemv") ? "F" : "M"),
                        sh,
                        String.format(Locale.ROOT, "%.0f B", Math.max(r.gd.allocBytes(), r.hvp.allocBytes())),
                        r.gdPlain != null ? String.format(Locale.ROOT, "%.2f/%.2f", r.gdVectorToPlain(),
                                r.hvpVectorToPlain()) : "-", two);
            }
            out.println();
        }
        if (paper != null) {
            out.printf(Locale.ROOT, "Paper's workload (n = 50, d = 5, L = 10; marginal cost over %,d − %,d steps)%n",
                    paper.longRun, paper.shortRun);
            out.printf(Locale.ROOT, "  GD only                         %s per step%n", time(paper.gdOnlyStep));
            out.printf(Locale.ROOT, "  + 20-step power iteration / 5   %s per step = %.0f× the authors' 1.4 ms on an"
                    + " Intel Xeon (%.0f× their 1.52 ms on an AMD EPYC, %.0f× their 0.77 ms on an H100)%n",
                    time(paper.powerStep), PaperWorkload.AUTHORS_CPU_STEP_S / paper.powerStep,
                    PaperWorkload.AUTHORS_AMD_STEP_S / paper.powerStep,
                    PaperWorkload.AUTHORS_H100_STEP_S / paper.powerStep);
            out.printf(Locale.ROOT, "  (%s)%n", PaperWorkload.AUTHORS_MACHINES);
            if (paper.peer != null) {
                out.printf(Locale.ROOT, "  the authors' code measured in this run (JAX %s on %s, marginal over %,d − %,d"
                                + " steps): %s per step, %.0f× the engine%s%n", paper.peer.jaxVersion,
                        paper.peer.platform, paper.peer.longRun, paper.peer.shortRun, time(paper.peer.stepSeconds),
                        paper.peer.stepSeconds / paper.powerStep, paper.command == null ? ""
                                : String.format(Locale.ROOT, ", %.0f× the train command",
                                paper.peer.stepSeconds / paper.command.powerStep));
            }
            out.printf(Locale.ROOT, "  + checked Lanczos / 5 (warm)    %s per step%n", time(paper.lanczosStep));
            if (paper.command != null) {
                CommandCost cmd = paper.command;
                out.printf(Locale.ROOT, "  train command, every step written (whole process, %,d − %,d steps): GD only %s"
                                + " per step = %.2f× the engine; + power(20) / 5 %s per step = %.2f× the engine%n",
                        cmd.longRun, cmd.shortRun, time(cmd.gdOnlyStep), cmd.gdOnlyStep / paper.gdOnlyStep,
                        time(cmd.powerStep), cmd.powerStep / paper.powerStep);
                out.printf(Locale.ROOT, "  first %,d steps of that command (power / 5) against the plain kernels: %+.2f s"
                        + " as it chooses its kernels (a run this short takes the plain ones), %+.2f s with the Vector"
                        + " API forced (its JIT warm-up)%n", CommandCost.WARMUP_STEPS, cmd.vectorWarmup,
                        cmd.forcedVectorWarmup);
            }
            out.printf(Locale.ROOT, "  one power(20) call timed alone: %s (setPoint %s; one product on the Hessian's range"
                            + " %s, one full HVP %s, each timed alone)%n", time(paper.powerCall), time(paper.setPoint),
                    time(paper.rangeProduct), time(paper.hvp));
            out.printf(Locale.ROOT, "  first %,d-step run from a cold JIT: %s (JVM up %.2f s before the bench"
                    + " started)%n%n", paper.shortRun, time(paper.powerColdFirstRun),
                    machine.get("jvm_uptime_at_start_s").asDouble());
        }
        if (!checks.isEmpty()) {
            out.println("Sharpness on the paper's trained nets: dense λmax vs 20-step power iteration vs checked"
                    + " Lanczos (tol 1e-10)");
            String fmt = "%5s %5s %7s | %16s | %10s %9s | %10s %9s %10s %9s%n";
            out.printf(Locale.ROOT, fmt, "s", "η", "steps", "dense λmax", "power err", "residual", "Lanczos err",
                    "residual", "HVPs cold", "warm avg");
            for (SharpnessCheck k : checks) {
                if (k.diverged) {
                    out.printf(Locale.ROOT, "%5.2f %5.2f %7d | diverged%n", k.s, k.eta, k.steps);
                    continue;
                }
                out.printf(Locale.ROOT, fmt, k.s, k.eta, k.steps, String.format(Locale.ROOT, "%.10g", k.dense),
                        String.format(Locale.ROOT, "%.1e", Math.abs(k.power - k.dense) / Math.abs(k.dense)),
                        String.format(Locale.ROOT, "%.1e", k.powerResidual),
                        String.format(Locale.ROOT, "%.1e", Math.abs(k.lanczos - k.dense) / Math.abs(k.dense)),
                        String.format(Locale.ROOT, "%.1e", k.lanczosResidual), k.lanczosHvps,
                        String.format(Locale.ROOT, "%.1f", k.warmMeanHvps));
            }
            out.println();
        }
        if (sc != null) {
            out.printf(Locale.ROOT, "Scale: N = %,d (widths 5, %d × %d, 1), %d threads, heap %s (needs ≈ %s):"
                            + " init %s, GD step %s, HVP %s, checked sharpness %.10g (residual %.1e, %d HVPs) in %s;"
                            + " peak heap %s%n%n", sc.n, sc.widths.length - 2, sc.widths[1], sc.threads,
                    gib(sc.heapBytes), gib(sc.neededBytes), time(sc.initS), time(sc.gdStep), time(sc.hvpS), sc.e.top(),
                    sc.e.topResidual(), sc.e.hvps(), time(sc.sharpnessS), gib(sc.peakHeap));
        }
        out.println("Targets (issue 5)");
        for (Target t : targets) {
            out.printf(Locale.ROOT, "  %-4s %s: %s%n", t.pass() == null ? "-" : t.pass() ? "PASS" : "FAIL", t.name(),
                    t.measured());
        }
    }

    private static String mib(long b) {
        return b < 0 ? "?" : String.format(Locale.ROOT, "%d MiB", b >> 20);
    }
}
