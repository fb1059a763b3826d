package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "In code: the KMS KeyStore" example compiles and works, run twice in fresh JVMs with
 * {@code ENVELOPE_HOME} in a temporary directory: the first run creates the key, the second finds it.
 */
class ReadmeQuickStartTest {

    @TempDir
    Path dir;

    @Test
    void theKmsKeyStoreQuickStartRoundTrips() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("envelope.readme")));
        Matcher m = Pattern.compile("(?s)### In code: the KMS KeyStore\\s*```java\\n(.*?)```").matcher(readme);
        assertTrue(m.find(), "the README has a Java example under '### In code: the KMS KeyStore'");
        List<String> lines = m.group(1).lines().collect(Collectors.toList());
        String imports = lines.stream().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n"));
        String body = lines.stream().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n"));
        String source = imports + "\n"
                + "public class QuickStart {\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + "        byte[] plaintext = \"an order, kept secret\".getBytes(java.nio.charset.StandardCharsets.UTF_8);\n"
                + body + "\n"
                + "        System.out.println(java.util.Arrays.equals(plaintext, back) ? \"round trip ok\" : \"MISMATCH\");\n"
                + "        System.out.println(\"key \" + key);\n"
                + "    }\n"
                + "}\n";
        Path file = dir.resolve("QuickStart.java");
        Files.writeString(file, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        java.io.StringWriter diagnostics = new java.io.StringWriter();
        boolean ok = javac.getTask(diagnostics, null, null,
                List.of("-d", classes.toString(), "-cp", Deployment.join(Deployment.providerClassPath()),
                        "--release", "17"), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file.toFile()))
                .call();
        assertTrue(ok, () -> diagnostics + "\n" + source);

        Path home = dir.resolve("home");
        List<String> command = new ArrayList<>(List.of(Deployment.javaHomeTool("java").toString(), "-cp",
                classes + File.pathSeparator + Deployment.join(Deployment.providerClassPath()), "QuickStart"));
        Processes.Run first = Processes.run(command, dir, Map.of("ENVELOPE_HOME", home.toString()));
        assertEquals(0, first.exitCode(), first::describe);
        assertTrue(first.lines().contains("round trip ok"), first::describe);
        assertTrue(Files.exists(home.resolve("root.key")), first::describe);

        Processes.Run second = Processes.run(command, dir, Map.of("ENVELOPE_HOME", home.toString()));
        assertEquals(0, second.exitCode(), second::describe);
        String key = first.lines().stream().filter(l -> l.startsWith("key ")).findFirst().orElseThrow();
        assertTrue(second.lines().contains(key), () -> "the same key the second time: " + key + "\n" + second.describe());
    }
}
