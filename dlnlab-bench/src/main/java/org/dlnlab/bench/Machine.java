package org.dlnlab.bench;

import org.dlnlab.RandomStreams;
import org.dlnlab.data.Problem;
import org.dlnlab.data.SyntheticData;
import org.dlnlab.init.Initialization;
import org.dlnlab.kernels.Kernels;
import org.dlnlab.kernels.MemoryBudget;
import org.dlnlab.kernels.Parallel;
import org.dlnlab.model.DeepLinearNet;
import org.dlnlab.objective.Objective;
import tools.jackson.databind.node.ObjectNode;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine the bench runs on (the JSON's "machine"), and the JIT warm-up of the kernels before any timing. */
final class Machine {
    private Machine() {
    }

    static ObjectNode describe(ObjectNode o) {
        o.put("cpu", cpuModel());
        o.put("cores", Runtime.getRuntime().availableProcessors());
        o.put("memory_bytes", MemoryBudget.physical());
        o.put("max_heap_bytes", MemoryBudget.available());
        o.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        o.put("kernels", Kernels.implementation());
        o.put("kernels_vector_bits", Kernels.chosenForBits());
        o.put("os_l2_bytes", cacheBytes(2));
        o.put("os_l3_bytes", cacheBytes(3));
        o.put("jvm_uptime_at_start_s", ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        o.put("load_average_before", loadAverage());
        return o;
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static long cacheBytes(int level) {
        for (int index = 0; index < 6; index++) {
            Path dir = Path.of("/sys/devices/system/cpu/cpu0/cache/index" + index);
            try {
                if (Integer.parseInt(Files.readString(dir.resolve("level")).trim()) != level
                        || Files.readString(dir.resolve("type")).trim().equals("Instruction")) {
                    continue;
                }
                String s = Files.readString(dir.resolve("size")).trim();
                long mult = s.endsWith("K") ? 1024 : s.endsWith("M") ? 1 << 20 : 1;
                return Long.parseLong(s.replaceAll("[^0-9]", "")) * mult;
            } catch (Exception e) {
                // try the next index
            }
        }
        return -1;
    }

    /**
     * Runs every kernel path (narrow and wide layers, lane tails, row and column blocks) until the JIT has compiled
     * it, so that no measurement pays for compilation: the Vector API is very slow until C2 compiles it.
     */
    static void warmUp(Timer timer, boolean quick, int maxThreads) {
        long t0 = System.nanoTime();
        long each = quick ? 150_000_000L : 400_000_000L;
        int[][] shapes = {{5, 10}, {37, 3}, {100, 4}, {600, 3}};
        for (int[] sh : shapes) {
            Problem problem = Problem.of(SyntheticData.gaussian(50, sh[0], 10.0, 0.1, 1L));
            DeepLinearNet net = DeepLinearNet.standard(sh[0], sh[0], sh[1], 1);
            double[] w = Initialization.parse("small:" + 1.0 / Math.sqrt(sh[0])).create(net, problem,
                    RandomStreams.of(1, "init"));
            double[] v = Fixtures.direction(net.parameterCount(), 2);
            double[] out = new double[v.length];
            Objective o = Fixtures.objective(net, problem);
            for (int threads : sh[0] >= 600 && maxThreads >= 2 ? new int[] {1, 2} : new int[] {1}) {
                Parallel.setThreads(threads);
                long start = System.nanoTime();
                while (System.nanoTime() - start < each) {
                    o.gdStep(w, 1e-12);
                    o.setPoint(w);
                    o.hvp(v, out);
                    o.gradient(out);
                }
            }
        }
        Parallel.setThreads(1);
        timer.progress("JIT warm-up of the kernels (%s) in %.1f s", Kernels.implementation(),
                (System.nanoTime() - t0) / 1e9);
    }
}
