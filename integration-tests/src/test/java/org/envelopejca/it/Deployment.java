package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.envelopejca.EnvelopeProvider;

/** What a user deploys, as the build laid it out: the provider jar, its dependency jars, the templates. */
final class Deployment {
    private Deployment() {
    }

    /** The provider jar and its runtime dependencies (no test jars). */
    static List<Path> providerClassPath() throws Exception {
        String file = System.getProperty("envelope.provider.classpath");
        assertTrue(file != null, "system property envelope.provider.classpath is set by the build");
        return Arrays.stream(Files.readString(Path.of(file)).trim().split(File.pathSeparator))
                .map(Path::of).collect(Collectors.toList());
    }

    /** The provider jar itself (a jar: the module path and keytool take jars, so run at least 'verify'). */
    static Path providerJar() throws Exception {
        Path jar = Path.of(EnvelopeProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isRegularFile(jar) && jar.toString().endsWith(".jar"),
                () -> "the provider is a packaged jar (run mvn verify, not mvn test): " + jar);
        return jar;
    }

    /** The provider's dependencies without the provider jar. */
    static List<Path> dependencyJars() throws Exception {
        Path jar = providerJar();
        return providerClassPath().stream().filter(p -> !p.equals(jar)).collect(Collectors.toList());
    }

    static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /** A file of META-INF-templates/. */
    static Path template(String name) {
        String dir = System.getProperty("envelope.templates.dir");
        assertTrue(dir != null, "system property envelope.templates.dir is set by the build");
        Path p = Path.of(dir, name);
        assertTrue(Files.isRegularFile(p), "template exists: " + p);
        return p;
    }

    /** Where the test classes are (the probes' main classes live there). */
    static Path testClasses() throws Exception {
        return Path.of(Deployment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    static Path javaHomeTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name);
    }
}
