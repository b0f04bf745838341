package org.dlnlab.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The start of a command line for a child JVM with this JVM's options (heap, Vector API module, vector width). */
final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * The java executable, this JVM's options but the CLI's class path, a debugger agent and the kernels' forced
     * choice (so that the caller can set it), then jvmOptions.
     */
    static List<String> command(List<String> jvmOptions) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(o -> !o.startsWith("-D" + CommandCost.CLASSPATH_PROPERTY) && !o.startsWith("-agentlib:jdwp")
                        && !o.startsWith("-Ddlnlab.kernels")).toList());
        c.addAll(jvmOptions);
        return c;
    }
}
