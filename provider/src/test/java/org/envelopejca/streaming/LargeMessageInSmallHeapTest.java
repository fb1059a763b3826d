package org.envelopejca.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Decryption needs memory bounded by the frame length, not the message length (DESIGN decision 3): a child JVM with
 * a 64 MiB heap streams a 512 MiB message through encryption and decryption and checks the result by SHA-256.
 */
class LargeMessageInSmallHeapTest {

    private static final long PLAINTEXT_LENGTH = 512L << 20;
    /** Only a guard against a hung child, far above the expected run time. */
    private static final long HANG_GUARD_MINUTES = 10;

    @Test
    void aMessageEightTimesTheHeapDecryptsInStreaming() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"),
                LargeMessageDecryption.class.getName(), Long.toString(PLAINTEXT_LENGTH)))
                .redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(child.getInputStream(), output));
        reader.start();
        boolean finished = child.waitFor(HANG_GUARD_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly();
        }
        reader.join();
        String printed = output.toString(StandardCharsets.UTF_8);
        assertTrue(finished, "the child did not finish:\n" + printed);
        assertEquals(0, child.exitValue(), "the child failed:\n" + printed);

        String expected = valueOf(printed, LargeMessageDecryption.PLAINTEXT_DIGEST);
        assertEquals(64, expected.length(), printed);
        assertEquals(expected, valueOf(printed, LargeMessageDecryption.DECRYPTED_DIGEST), printed);
        assertEquals(Long.toString(PLAINTEXT_LENGTH), valueOf(printed, LargeMessageDecryption.DECRYPTED_LENGTH), printed);
    }

    private static String valueOf(String printed, String prefix) {
        return printed.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .findFirst().orElse("");
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            out.writeBytes(("reading the child's output failed: " + e).getBytes(StandardCharsets.UTF_8));
        }
    }
}
