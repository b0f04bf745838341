package org.dlnlab.bench;

import org.dlnlab.Json;
import org.dlnlab.RandomStreams;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.data.Problem;
import org.dlnlab.init.Initialization;
import org.dlnlab.kernels.MemoryBudget;
import org.dlnlab.kernels.Parallel;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.Objective;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.List;

import static org.dlnlab.bench.TableReport.time;

/**
 * {@code --scale}: a net of about --scale-parameters parameters on the paper's data (d = 5 inputs, depth 12,
 * equal hidden widths), with all the threads: initialized, trained for 5 GD steps, an HVP timed, and its
 * sharpness checked; with the peak heap it took.
 */
final class ScaleRun {
    int[] widths;
    long n;
    long neededBytes;
    long heapBytes;
    int threads;
    double initS;
    double gdStep;
    double hvpS;
    double sharpnessS;
    SpectrumEstimate e;
    double lossBefore;
    double lossAfter;
    long peakHeap;
    int steps;

    void put(ObjectNode o) {
        ArrayNode a = o.putArray("widths");
        for (int w : widths) {
            a.add(w);
        }
        o.put("parameters", n);
        o.put("memory_needed_bytes", neededBytes);
        o.put("max_heap_bytes", heapBytes);
        o.put("peak_heap_bytes", peakHeap);
        o.put("threads", threads);
        Json.put(o, "init_s", initS);
        o.put("gd_steps", steps);
        Json.put(o, "gd_step_s", gdStep);
        Json.put(o, "loss_before", lossBefore);
        Json.put(o, "loss_after", lossAfter);
        Json.put(o, "hvp_s", hvpS);
        Json.put(o, "checked_sharpness_s", sharpnessS);
        Json.putSpectrum(o, e);
    }

    static ScaleRun run(Timer timer, long scaleParameters) {
        Problem problem = Fixtures.paperProblem();
        int depth = 12;
        // N = 5h + (L − 2)h² + h ≥ target.
        int h = (int) Math.ceil(Math.sqrt(scaleParameters / (double) (depth - 2)));
        while (5L * h + (long) (depth - 2) * h * h + h < scaleParameters) {
            h++;
        }
        int[] widths = new int[depth + 1];
        Arrays.fill(widths, h);
        widths[0] = 5;
        widths[depth] = 1;
        ScaleRun s = new ScaleRun();
        s.widths = widths;
        s.n = 5L * h + (long) (depth - 2) * h * h + h;
        s.neededBytes = MemoryBudget.trainingBytes(widths, 1);
        s.heapBytes = MemoryBudget.available();
        s.threads = Parallel.threads();
        MemoryBudget.requireTrainable(widths, 1, "--scale-parameters");
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
        System.gc();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        DeepLinearNet net = DeepLinearNet.of(widths);
        timer.progress("scale: N = %,d (widths 5, %d × %d, 1), %d threads; initializing", s.n, depth - 1, h,
                s.threads);
        long t0 = System.nanoTime();
        double[] w = Initialization.parse("small:" + 1.0 / Math.sqrt(h)).create(net, problem,
                RandomStreams.of(0, "init"));
        s.initS = (System.nanoTime() - t0) / 1e9;
        Objective o = Fixtures.objective(net, problem);
        s.steps = 5;
        double[] times = new double[s.steps];
        for (int i = 0; i < s.steps; i++) {
            long t = System.nanoTime();
            double loss = o.gdStep(w, 0.01);
            times[i] = (System.nanoTime() - t) / 1e9;
            if (i == 0) {
                s.lossBefore = loss;
            }
            timer.progress("scale: GD step %d: loss %.6g, %s", i + 1, loss, time(times[i]));
        }
        s.gdStep = Timer.median(times);
        s.lossAfter = o.setPoint(w);
        double[] v = Fixtures.direction((int) s.n, 7);
        double[] out = new double[(int) s.n];
        double[] ht = new double[3];
        for (int i = 0; i < ht.length; i++) {
            long t = System.nanoTime();
            o.hvp(v, out);
            ht[i] = (System.nanoTime() - t) / 1e9;
        }
        s.hvpS = Timer.median(ht);
        v = null;
        out = null;
        timer.progress("scale: HVP %s; checked sharpness (Lanczos, tol 1e-10)…", time(s.hvpS));
        t0 = System.nanoTime();
        s.e = new Sharpness(Sharpness.Options.defaults(), RandomStreams.of(0, "sharpness")).at(o.hessianAt(w));
        s.sharpnessS = (System.nanoTime() - t0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean p : pools) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        s.peakHeap = peak;
        timer.progress("scale: sharpness %.10g, residual %.2e, %d HVPs, converged %s, %s; peak heap %.1f GiB",
                s.e.top(), s.e.topResidual(), s.e.hvps(), s.e.converged(), time(s.sharpnessS),
                peak / (double) (1L << 30));
        return s;
    }
}
