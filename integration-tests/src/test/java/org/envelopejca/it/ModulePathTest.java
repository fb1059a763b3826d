package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * java.security.envelope-by-name: {@code security.provider.13=Envelope}, the provider jar on the module path as
 * the automatic module {@code org.envelopejca.provider}, found by the JDK through ServiceLoader.
 */
class ModulePathTest {
    static final String MODULE = "org.envelopejca.provider";

    @TempDir
    Path dir;

    private Processes.Run probe(List<String> moduleOptions) throws Exception {
        List<String> options = new java.util.ArrayList<>();
        options.add("-Djava.security.properties=" + Deployment.template("java.security.envelope-by-name"));
        options.addAll(moduleOptions);
        return JavaSecurityTemplateTest.probe(dir, options,
                Deployment.testClasses() + File.pathSeparator + Deployment.join(Deployment.dependencyJars()));
    }

    @Test
    void theJarNamesItsModule() throws Exception {
        try (JarFile jar = new JarFile(Deployment.providerJar().toFile())) {
            assertEquals(MODULE, jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
        }
        assertEquals(MODULE, java.lang.module.ModuleFinder.of(Deployment.providerJar()).findAll().iterator().next()
                .descriptor().name());
    }

    @Test
    void providerFoundByNameOnTheModulePath() throws Exception {
        Processes.Run run = probe(List.of("--module-path", Deployment.providerJar().toString(),
                "--add-modules", MODULE));

        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.lines().contains("provider Envelope"), run::describe);
        assertTrue(run.lines().contains("provider module " + MODULE), run::describe);
        assertTrue(run.lines().contains("cipher from Envelope"), run::describe);
        assertTrue(run.lines().contains("keystore from Envelope"), run::describe);
        assertTrue(run.lines().contains("round trip ok"), run::describe);
    }

    @Test
    void serviceBindingResolvesTheModuleWithoutAddModules() throws Exception {
        // java.base uses java.security.Provider, and the jar's services file counts as "provides": the module
        // system resolves it for that reason alone
        Processes.Run run = probe(List.of("--module-path", Deployment.providerJar().toString()));

        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.lines().contains("provider module " + MODULE), run::describe);
        assertTrue(run.lines().contains("round trip ok"), run::describe);
    }

    @Test
    void theNameAlsoWorksOnTheClassPath() throws Exception {
        Processes.Run run = JavaSecurityTemplateTest.probe(dir,
                List.of("-Djava.security.properties=" + Deployment.template("java.security.envelope-by-name")),
                Deployment.testClasses() + File.pathSeparator + Deployment.join(Deployment.providerClassPath()));

        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.lines().contains("provider module null"), run::describe); // the unnamed module
        assertTrue(run.lines().contains("round trip ok"), run::describe);
    }
}
