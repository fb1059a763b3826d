package org.envelopejca.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code -c KEY=VALUE} arguments as an encryption context. */
final class ContextArguments {

    private ContextArguments() {
    }

    /** Splits each entry at its first {@code =}; a key given twice is a mistake, not "the last one wins". */
    static Map<String, String> parse(List<String> entries) throws UsageException {
        Map<String, String> context = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new UsageException("encryption context entry must be KEY=VALUE: " + entry);
            }
            String key = entry.substring(0, eq);
            if (context.putIfAbsent(key, entry.substring(eq + 1)) != null) {
                throw new UsageException("encryption context key given twice: " + key);
            }
        }
        return context;
    }
}
