package org.dlnlab.cli;

import org.dlnlab.Decimal;
import org.dlnlab.Json;
import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.data.Problem;
import org.dlnlab.experiments.exec.StatusLine;
import org.dlnlab.init.WeightsFile;
import org.dlnlab.objective.LinearChainObjective;
import org.dlnlab.train.AdaptiveCentralFlow;
import org.dlnlab.train.CentralFlow;
import org.dlnlab.train.TrainResult;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code train --optimizer central-flow}: runs {@link CentralFlow} with train's data, network, sharpness and output
 * options, writes trajectory.csv (one row per GD step, with the flow's columns) and the final weights, and prints the
 * JSON. Ctrl-C stops at the next GD step and keeps what was written.
 */
final class CentralFlowTrain {
    static final String HEADER = "step,time,loss,sq_distance,grad_norm,sharpness,gap,sigma2,active_eigenvalues,"
            + "predicted_loss";

    private final TrainCommand train;

    CentralFlowTrain(TrainCommand train) {
        this.train = train;
    }

    int call() {
        CentralFlowOptions.refuseIncompatible(train.spec.commandLine().getParseResult(),
                train.sharpness.options().method());
        train.requireRateAndSteps();
        CentralFlowOptions.Scheme flow = train.centralFlow.scheme(train.lr, train.steps, train.stops(),
                train.spec.commandLine().getParseResult(), train.atol, train.rtol);
        WeightsFile.Format format = WeightsFile.Format.parse(train.weightsFormat);
        Sharpness.Options opts = train.sharpness.options();
        CommonOptions common = train.common;
        Problem problem = common.problem();
        NetworkOptions.Start start = train.network.start(problem, common.seed, train.streamPrefix());
        if (train.dryRun) {
            return 0;
        }
        TrainCommand.Folder folder = train.claimFolder(start);
        Path dir = folder.dir();
        ObjectNode record = folder.record();
        LinearChainObjective objective = new LinearChainObjective(start.net(), problem, common.lossConvention());
        double[] w = start.weights();
        Path trajectory = dir.resolve("trajectory.csv");
        SigintGuard guard = SigintGuard.install();
        try {
            long t0 = System.nanoTime();
            AdaptiveCentralFlow.Result result;
            boolean terminal = System.console() != null;
            try (Rows rows = new Rows(trajectory, train.logEvery);
                 TrainProgress shown = train.progress || (terminal && !common.json) ? new TrainProgress(
                         new StatusLine(train.spec.commandLine().getErr(), terminal), train.steps, "step") : null) {
                result = flow.run(objective, w, opts, RandomStreams.of(common.seed, train.streamPrefix() + "sharpness"), row -> {
                    rows.accept(row);
                    if (shown != null) {
                        shown.accept(row.step());
                    }
                });
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            TrainResult r = result.flow().result();
            Path finalWeights = dir.resolve("final_weights." + format.extension());
            if (r.weights() != null) {
                WeightsFile.write(finalWeights, format, start.net(), r.weights(), Provenance.forWeights(record));
            }
            if (r.interrupted()) {
                train.spec.commandLine().getErr().println("dlnlab: interrupted at step " + r.stepsDone()
                        + "; the trajectory so far is in " + trajectory + " and the weights in " + finalWeights);
            }
            report(result, flow, opts, start, record, wall);
            train.spec.commandLine().getOut().flush();
        } finally {
            guard.release();
        }
        return 0;
    }

    private void report(AdaptiveCentralFlow.Result run, CentralFlowOptions.Scheme flow, Sharpness.Options opts,
                        NetworkOptions.Start start, ObjectNode record, double wall) {
        CentralFlow.Result result = run.flow();
        TrainResult r = result.result();
        ObjectNode o = TrainJson.result(record, r);
        Json.put(o, "final_time", result.finalTime());
        o.put("parameters", start.net().parameterCount());
        o.put("optimizer", "central-flow");
        o.put("cf_scheme", flow.name());
        AdaptiveCentralFlow.Statistics stats = run.statistics();
        if (stats != null) {
            o.put("integrator", stats.integrator());
            Json.put(o, "atol", flow.adaptive().absoluteTolerance());
            Json.put(o, "rtol", flow.adaptive().relativeTolerance());
            o.put("accepted_steps", stats.acceptedSteps());
            o.put("rejected_steps", stats.rejectedSteps());
            o.put("evaluations", stats.evaluations());
            o.put("events", stats.events());
        }
        o.put("cf_max_active", flow.maxActive());
        Json.put(o, "stability_limit", flow.stabilityLimit());
        if (result.edgeStep() >= 0) {
            o.put("edge_step", result.edgeStep());
        } else {
            o.putNull("edge_step");
        }
        Json.put(o, "max_edge_deviation", result.maxEdgeDeviation());
        Json.put(o, "complementarity_violation", result.complementarityError());
        ArrayNode changes = o.putArray("active_set_changes");
        for (CentralFlow.ActiveSetChange c : result.changes()) {
            ObjectNode e = changes.addObject();
            e.put("step", c.step());
            e.put("substep", c.substep());
            Json.put(e, "at_step", c.atStep());
            e.put("from", c.from());
            e.put("to", c.to());
            Json.put(e, "sharpness", c.sharpness());
        }
        o.put("sharpness_method", opts.method().label());
        o.put("loss_convention", train.common.lossConvention().label());
        Json.put(o, "wall_s", wall);
        train.result = o;
        var out = train.spec.commandLine().getOut();
        if (train.common.json) {
            out.println(Json.write(o));
        } else if (r.diverged()) {
            out.printf("diverged at step %d; no final weights written%n", r.divergedAtStep());
        } else {
            out.printf("central flow, %d steps in %.3f s (%s): loss %.10g, sharpness %.10g (2/η = %.10g, edge reached"
                            + " at step %s, max |ηS − 2| there %.3g), %s loss%n", r.stepsDone(), wall,
                    r.stopReason().label(), r.finalLoss(), r.finalSharpness().top(), flow.stabilityLimit(),
                    result.edgeStep() >= 0 ? result.edgeStep() : "never", result.maxEdgeDeviation(),
                    train.common.lossConvention().label());
            if (stats != null) {
                out.printf("%s, atol %s, rtol %s: %d accepted and %d rejected steps, %d evaluations, %d events%n",
                        stats.integrator(), flow.adaptive().absoluteTolerance(), flow.adaptive().relativeTolerance(),
                        stats.acceptedSteps(), stats.rejectedSteps(), stats.evaluations(), stats.events());
            }
        }
    }

    /**
     * trajectory.csv of the central flow, written to a .partial file and renamed into place on close: a row every K
     * steps and the last one. Rows are few (the flow's substeps cost eigenpairs), so they are written on the
     * training thread.
     */
    private static final class Rows implements java.util.function.Consumer<CentralFlow.Row>, AutoCloseable {
        private final Path target;
        private final Path partial;
        private final BufferedWriter out;
        private final int logEvery;
        private CentralFlow.Row unlogged;

        Rows(Path target, int logEvery) {
            this.target = target;
            this.partial = target.resolveSibling(target.getFileName() + ".partial");
            this.logEvery = logEvery;
            try {
                out = Files.newBufferedWriter(partial);
                out.write(HEADER);
                out.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void accept(CentralFlow.Row row) {
            if (row.step().step() % logEvery == 0) {
                write(row);
                unlogged = null;
            } else {
                unlogged = row;
            }
        }

        private void write(CentralFlow.Row row) {
            var s = row.step();
            try {
                out.write(s.step() + "," + Decimal.toString(s.time()) + "," + Decimal.toString(s.loss()) + ","
                        + Decimal.toString(s.sqDistance()) + "," + Decimal.toString(s.gradNorm()) + ","
                        + Decimal.toString(row.sharpness()) + "," + Decimal.toString(row.gap()) + ","
                        + Decimal.toString(row.sigma2()) + "," + row.activeEigenvalues() + ","
                        + Decimal.toString(row.predictedLoss()));
                out.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                if (unlogged != null) {
                    write(unlogged);
                }
                out.close();
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
