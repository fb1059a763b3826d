package org.envelopejca.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's examples compile against the installed artifacts, run, and are the README's own lines. */
class ReadmeExamplesTest {
    private static final byte[] PLAINTEXT = "a consumer's plaintext".getBytes(StandardCharsets.UTF_8);

    @Test
    void theRawKeyExampleDecryptsWhatItEncrypted() throws Exception {
        assertArrayEquals(PLAINTEXT, Examples.rawKey(PLAINTEXT));
    }

    @Test
    void theKeyStoreExampleDecryptsWhatItEncrypted() throws Exception {
        assertArrayEquals(PLAINTEXT, Examples.kmsKeyStore(PLAINTEXT));
    }

    @Test
    void everyLineOfTheReadmesExamplesIsInExamplesJava() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("envelope.readme")));
        Set<String> source = Files.readAllLines(Path.of(System.getProperty("envelope.examples.source"))).stream()
                .map(ReadmeExamplesTest::code).collect(Collectors.toSet());
        List<List<String>> blocks = new ArrayList<>();
        for (String heading : List.of("## Java API", "### In code: the KMS KeyStore")) {
            int at = readme.indexOf("\n" + heading + "\n");
            assertTrue(at >= 0, "README has the section " + heading);
            int start = readme.indexOf("```java\n", at) + "```java\n".length();
            int end = readme.indexOf("\n```", start);
            blocks.add(readme.substring(start, end).lines().map(ReadmeExamplesTest::code)
                    .filter(l -> !l.isEmpty() && !l.startsWith("import ")).toList());
        }
        assertEquals(2, blocks.size());
        for (List<String> block : blocks) {
            for (String line : block) {
                assertTrue(source.contains(line), "README line not in Examples.java: " + line);
            }
        }
    }

    /** A line without its trailing comment and surrounding spaces. */
    private static String code(String line) {
        int comment = line.indexOf("//");
        return (comment >= 0 ? line.substring(0, comment) : line).strip();
    }
}
