package org.envelopejca.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.envelopejca.EnvelopeProvider;
import org.junit.jupiter.api.Test;

/** The JVM configuration templates of META-INF-templates/ do what their comments say. */
class JavaSecurityTemplateTest {

    private static Path template(String name) {
        String dir = System.getProperty("envelope.templates.dir");
        assertTrue(dir != null, "system property envelope.templates.dir is set by the build");
        Path p = Path.of(dir, name);
        assertTrue(Files.isRegularFile(p), "template exists: " + p);
        return p;
    }

    private static String classPathOf(Class<?>... classes) throws Exception {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : classes) {
            entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private record Run(int exitCode, List<String> lines) {
    }

    private static Run runProbe(List<String> jvmOptions) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPathOf(JavaSecurityProbe.class, EnvelopeProvider.class,
                org.bouncycastle.util.Arrays.class));
        command.add(JavaSecurityProbe.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("probe JVM did not end");
        }
        return new Run(process.exitValue(), output.lines().collect(Collectors.toList()));
    }

    @Test
    void javaSecurityTemplateRegistersTheProviderAfterTheJdkProviders() throws Exception {
        Run run = runProbe(List.of("-Djava.security.properties=" + template("java.security.envelope")));

        assertEquals(0, run.exitCode(), () -> String.join("\n", run.lines()));
        assertTrue(run.lines().contains("cipher from Envelope"), () -> String.join("\n", run.lines()));
        assertTrue(run.lines().contains("round trip ok"), () -> String.join("\n", run.lines()));

        // appended, displacing none: the JDK's own list (as this test JVM has it) followed by Envelope
        List<String> expected = new ArrayList<>();
        Arrays.stream(Security.getProviders()).map(Provider::getName)
                .filter(n -> !n.equals(EnvelopeProvider.NAME)).forEach(expected::add);
        expected.add(EnvelopeProvider.NAME);
        List<String> installed = run.lines().stream().filter(l -> l.startsWith("provider "))
                .map(l -> l.substring("provider ".length())).collect(Collectors.toList());
        assertEquals(expected, installed);
    }

    @Test
    void withoutTheTemplateTheCipherIsNotFound() throws Exception {
        // the control: what the template test sees is the template's doing
        Run run = runProbe(List.of());

        assertTrue(run.exitCode() != 0, () -> String.join("\n", run.lines()));
        assertTrue(run.lines().stream().anyMatch(l -> l.contains("NoSuchAlgorithmException")),
                () -> String.join("\n", run.lines()));
    }

    @Test
    void serviceLoaderFindsTheProvider() {
        List<String> found = ServiceLoader.load(Provider.class).stream()
                .map(ServiceLoader.Provider::type)
                .map(Class::getName)
                .collect(Collectors.toList());
        assertTrue(found.contains(EnvelopeProvider.class.getName()), () -> "found " + found);
        Provider loaded = ServiceLoader.load(Provider.class).stream()
                .filter(p -> p.type() == EnvelopeProvider.class)
                .findFirst().orElseThrow().get();
        assertEquals(EnvelopeProvider.NAME, loaded.getName());
        assertTrue(loaded.getService("Cipher", EnvelopeProvider.CIPHER) != null);
    }
}
