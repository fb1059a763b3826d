package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * java.security.envelope, used as its comment says: {@code -Djava.security.properties=} and the jars on the class
 * path. The forked JVM finds both the Cipher and the KeyStore with no code registering the provider.
 */
class JavaSecurityTemplateTest {

    @TempDir
    Path dir;

    /** The embedded KMS example, pointed at a directory of the test. */
    static Path embeddedConfig(Path dir) throws Exception {
        Path config = dir.resolve("kms.properties");
        Files.writeString(config, Files.readString(Deployment.template("keystore/kms-embedded.properties"))
                + "\nlocal.path=" + dir.resolve("kms").toString().replace("\\", "\\\\") + "\n");
        return config;
    }

    static Processes.Run probe(Path dir, List<String> jvmOptions, String classPath) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Deployment.javaHomeTool("java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(KeyStoreProbe.class.getName());
        command.add(embeddedConfig(dir).toString());
        return Processes.run(command, dir, Map.of());
    }

    @Test
    void cipherAndKeyStoreFromJavaSecurityAlone() throws Exception {
        Processes.Run run = probe(dir,
                List.of("-Djava.security.properties=" + Deployment.template("java.security.envelope")),
                Deployment.testClasses() + java.io.File.pathSeparator + Deployment.join(Deployment.providerClassPath()));

        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.lines().contains("cipher from Envelope"), run::describe);
        assertTrue(run.lines().contains("keystore from Envelope"), run::describe);
        assertTrue(run.lines().contains("aliases alias/probe"), run::describe);
        assertTrue(run.lines().contains("round trip ok"), run::describe);
        // store() wrote a configuration that still parses, with the alias living in the embedded KMS
        assertTrue(Files.exists(dir.resolve("kms").resolve("root.key")), run::describe);
    }

    @Test
    void withoutTheTemplateTheKeyStoreIsNotFound() throws Exception {
        Processes.Run run = probe(dir, List.of(),
                Deployment.testClasses() + java.io.File.pathSeparator + Deployment.join(Deployment.providerClassPath()));

        assertTrue(run.exitCode() != 0, run::describe);
        assertTrue(run.output().contains("NoSuchAlgorithmException"), run::describe);
    }
}
