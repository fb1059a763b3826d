package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * tomcat/setenv.sh, sourced by bash the way catalina.sh sources it (with CLASSPATH cleared first), then a JVM
 * started with the CATALINA_OPTS and CLASSPATH it built: the provider is registered by java.security alone.
 */
@DisabledOnOs(OS.WINDOWS)
class TomcatSetenvTest {

    @TempDir
    Path base;

    @Test
    void setenvRegistersTheProviderForTheWholeJvm() throws Exception {
        Path envelope = Files.createDirectories(base.resolve("envelope"));
        for (Path jar : Deployment.providerClassPath()) {
            Files.copy(jar, envelope.resolve(jar.getFileName()));
        }
        Files.copy(Deployment.template("java.security.envelope"), envelope.resolve("java.security.envelope"));
        Path bin = Files.createDirectories(base.resolve("bin"));
        Files.copy(Deployment.template("tomcat/setenv.sh"), bin.resolve("setenv.sh"));

        String script = "CLASSPATH=; . \"$CATALINA_BASE/bin/setenv.sh\"; "
                + "exec \"$1\" $CATALINA_OPTS -cp \"$CLASSPATH:$2\" " + KeyStoreProbe.class.getName() + " \"$3\"";
        Processes.Run run = Processes.run(List.of("bash", "-c", script, "setenv",
                Deployment.javaHomeTool("java").toString(), Deployment.testClasses().toString(),
                JavaSecurityTemplateTest.embeddedConfig(base).toString()),
                base, Map.of("CATALINA_BASE", base.toString(), "CATALINA_OPTS", ""));

        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.lines().contains("keystore from Envelope"), run::describe);
        assertTrue(run.lines().contains("round trip ok"), run::describe);
    }
}
