package org.envelopejca.cli;

import picocli.CommandLine.Option;

/** Where the bytes come from and go to. */
final class DataOptions {

    @Option(names = "--in", required = true, paramLabel = "FILE|-", order = 10,
            description = "Input file, or - for standard input.")
    String in;

    @Option(names = "--out", required = true, paramLabel = "FILE|-", order = 11,
            description = "Output file, or - for standard output. A file output appears only when the command "
                    + "succeeded (written to a temporary file beside it, then renamed; owner read/write only); "
                    + "an existing file is replaced. Special files (/dev/null, a named pipe) are written directly.")
    String out;
}
