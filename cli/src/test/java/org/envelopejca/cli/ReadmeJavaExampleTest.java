package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.envelopejca.EnvelopeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java example of the README compiles and does what it says. */
class ReadmeJavaExampleTest {

    @TempDir
    Path dir;

    @Test
    void theJavaApiExampleRoundTrips() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("envelope.readme")));
        Matcher m = Pattern.compile("(?s)## Java API\\s*```java\\n(.*?)```").matcher(readme);
        assertTrue(m.find(), "the README has a Java example under '## Java API'");
        List<String> lines = m.group(1).lines().collect(Collectors.toList());
        String imports = lines.stream().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n"));
        String body = lines.stream().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n"));
        String source = imports + "\n"
                + "public class ReadmeExample {\n"
                + "    public static byte[] run(byte[] plaintext) throws Exception {\n"
                + body + "\n"
                + "        return back;\n"
                + "    }\n"
                + "}\n";
        Path file = dir.resolve("ReadmeExample.java");
        Files.writeString(file, source);

        String classPath = String.join(File.pathSeparator,
                Path.of(EnvelopeProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        int rc = javac.getTask(diagnostics, null, null,
                List.of("-d", dir.toString(), "-cp", classPath, "--release", "17"), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file.toFile()))
                .call() ? 0 : 1;
        assertEquals(0, rc, () -> diagnostics + "\n" + source);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method run = loader.loadClass("ReadmeExample").getMethod("run", byte[].class);
            byte[] plaintext = "an order, kept secret".getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(plaintext, (byte[]) run.invoke(null, (Object) plaintext));
        }
    }
}
