package org.envelopejca.cli;

import picocli.CommandLine.Option;

/** {@code --progress} / {@code --no-progress}; neither: for a file of 4 MiB or more when stderr is a terminal. */
final class ProgressOption {

    @Option(names = "--progress", negatable = true, order = 40,
            description = "Show a progress bar on stderr (default: when the input is a file of 4 MiB or more and "
                    + "stderr is a terminal).")
    Boolean progress;
}
