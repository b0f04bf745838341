package org.dlnlab.cli;

import org.dlnlab.init.WeightsFile;
import picocli.CommandLine.Option;

/** How a weights file stores its layers; the file cannot tell when they are square. */
final class WeightsLayoutOption {
    @Option(names = "--weights-layout", paramLabel = "out-in|in-out", defaultValue = "out-in",
            description = "How an .npz or .safetensors file stores W_k: out-in (d_k × d_{k−1}, as PyTorch's"
                    + " nn.Linear.weight) or in-out (as JAX/Flax Dense kernels) (default: ${DEFAULT-VALUE}).")
    String layout;

    WeightsFile.Layout layout() {
        return WeightsFile.Layout.parse(layout);
    }
}
