package org.envelopejca.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** Reports bytes processed; on stderr only, never on stdout where data may flow. */
interface Progress extends AutoCloseable {

    /** Inputs smaller than this finish too fast for a bar to help: none is shown unless asked for. */
    long DEFAULT_THRESHOLD_BYTES = 4L << 20;

    void advance(long bytes);

    @Override
    void close();

    static Progress none() {
        return new Progress() {
            @Override
            public void advance(long bytes) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** Whether a bar is shown: as asked, else for a file of at least the threshold when stderr is a terminal. */
    static boolean shown(Boolean requested, long totalBytes, boolean stderrIsTerminal) {
        return requested != null ? requested : totalBytes >= DEFAULT_THRESHOLD_BYTES && stderrIsTerminal;
    }

    /**
     * A progress bar on {@code stderr} when asked for ({@code --progress}), or by default when the input is a file of
     * at least {@link #DEFAULT_THRESHOLD_BYTES} and stderr is a terminal; otherwise nothing.
     *
     * @param requested  {@code --progress} / {@code --no-progress}, null when neither was given
     * @param totalBytes the input size, or -1 when unknown (standard input)
     */
    static Progress start(String task, Boolean requested, long totalBytes, PrintStream stderr) {
        if (!shown(requested, totalBytes, Terminal.stderrIsTerminal())) {
            return none();
        }
        // a fixed width: the library would otherwise probe the terminal through stdin/stdout, which may carry data
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(totalBytes)
                .setUnit("MiB", 1L << 20)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(stderr, Terminal.columns()))
                .build();
        return new Progress() {
            @Override
            public void advance(long bytes) {
                bar.stepBy(bytes);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
