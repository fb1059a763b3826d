package org.envelopejca.cli;

import picocli.CommandLine.Option;

/** {@code --progress} / {@code --no-progress}; neither means: when the input is a file and stderr a terminal. */
final class ProgressOption {

    @Option(names = "--progress", negatable = true, order = 40,
            description = "Show a progress bar on stderr (default: when the input is a file and stderr is a terminal).")
    Boolean progress;
}
