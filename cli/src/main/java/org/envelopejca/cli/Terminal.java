package org.envelopejca.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** What the command knows about the terminal it runs in. */
final class Terminal {

    /** Set by the launcher script, which can test stderr itself ({@code [ -t 2 ]}); Java cannot. */
    static final String STDERR_TTY_PROPERTY = "envelope.stderr.tty";
    /** Width of the terminal, set by the launcher script. */
    static final String COLUMNS_PROPERTY = "envelope.columns";

    private Terminal() {
    }

    static boolean stderrIsTerminal() {
        String told = System.getProperty(STDERR_TTY_PROPERTY);
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        // without the launcher: an interactive console is the best available hint
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ returns a Console even when redirected; isTerminal() then says whether it is one
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException olderJava) {
            return true;
        }
    }

    static int columns() {
        for (String v : new String[] {System.getProperty(COLUMNS_PROPERTY), System.getenv("COLUMNS")}) {
            if (v != null) {
                try {
                    int c = Integer.parseInt(v.strip());
                    if (c >= 20 && c <= 1000) {
                        return c;
                    }
                } catch (NumberFormatException ignored) {
                    // try the next source
                }
            }
        }
        return 80;
    }
}
