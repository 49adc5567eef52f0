package io.proxyprompt.cli;

import io.proxyprompt.inference.ExecutionDevice;
import picocli.CommandLine.Option;

/** {@code --model} and {@code --device}, mixed into the commands that run the model. */
final class ModelOptions {

    @Option(names = "--model", paramLabel = "DIR", description = "the model folder (default: the bundled model)")
    String model;

    @Option(names = "--device", paramLabel = "auto|cpu|cuda", converter = OptionTypes.Device.class,
            completionCandidates = OptionTypes.Device.class, description = "where the model runs (default: auto)")
    ExecutionDevice device = ExecutionDevice.AUTO;
}
