package org.dlnlab.train;

import org.dlnlab.Unchecked;
import org.dlnlab.curvature.Sharpness;
import org.dlnlab.curvature.SpectrumEstimate;
import org.dlnlab.objective.Objective;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Sharpness samples taken on a thread of their own while the trainer steps on, so that a run tracking its sharpness
 * uses two cores: at the paper's workload a sample every 5 steps costs three times the steps between samples. The
 * samples are the inline ones bit for bit: each is taken on a copy of the point by the same estimator, in step order
 * (its warm starts and random stream advance as inline), on a second objective of the same function (objectives are
 * not thread-safe; their evaluations depend on the point only). The records wait here until their sample is in,
 * so the observer sees exactly the inline run's records in the same order, on the trainer's thread.
 */
final class SamplesAhead implements AutoCloseable {
    /**
     * Samples in flight before the trainer waits (bounds the copies of the point held and the records held back),
     * and how few it waits down to: one wake-up of the trainer per several samples, not one per sample.
     */
    private static final int MAX_IN_FLIGHT = 8;
    private static final int RESUME_AT = 2;
    /**
     * The largest net sampled ahead: beyond it a sample's products already run on every core ({@code Parallel}), and
     * the second objective and {@value #MAX_IN_FLIGHT} copies of the point would cost memory for little.
     */
    static final long MAX_PARAMETERS = 1_000_000;

    private record Held(StepRecord record, Future<SpectrumEstimate> sample) {
    }

    private final Objective sampler;
    private final Sharpness sharpness;
    private final Consumer<StepRecord> observer;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dlnlab-sharpness");
        t.setDaemon(true);
        return t;
    });
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private int inFlight;

    SamplesAhead(Objective sampler, Sharpness sharpness, Consumer<StepRecord> observer) {
        this.sampler = sampler;
        this.sharpness = sharpness;
        this.observer = observer;
    }

    /** Starts the sample at w (copied: the trainer moves w on). */
    Future<SpectrumEstimate> sample(double[] w) {
        double[] point = w.clone();
        inFlight++;
        return worker.submit(() -> sharpness.at(sampler.hessianAt(point)));
    }

    /**
     * Hands the record to the observer once its sample (null: none at this step) and every earlier one are in; the
     * record's own sharpness field is replaced by the sample. Waits while too many samples are in flight.
     */
    void accept(StepRecord r, Future<SpectrumEstimate> sample) {
        held.add(new Held(r, sample));
        if (inFlight > MAX_IN_FLIGHT) {
            while (inFlight > RESUME_AT) {
                release(true);
            }
        }
        release(false);
    }

    /** Hands over every record held, waiting for their samples (also when interrupted: samples take milliseconds). */
    void drain() {
        while (!held.isEmpty()) {
            release(true);
        }
    }

    private void release(boolean wait) {
        while (!held.isEmpty()) {
            Held h = held.peek();
            if (h.sample() != null && !h.sample().isDone() && !wait) {
                return;
            }
            held.poll();
            StepRecord r = h.record();
            if (h.sample() != null) {
                inFlight--;
                r = new StepRecord(r.step(), r.time(), r.loss(), r.sqDistance(), r.gradNorm(), result(h.sample()),
                        r.weights());
                wait = false;
            }
            observer.accept(r);
        }
    }

    private static SpectrumEstimate result(Future<SpectrumEstimate> sample) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return sample.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            throw Unchecked.of(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
