package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.keystore.KmsKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * spring-boot/: the configuration class compiled as the application would compile it, run by Spring Boot with the
 * template's application.properties; the key bean encrypts and decrypts.
 */
class SpringBootTemplateTest {

    @TempDir
    Path home;
    @TempDir
    Path classes;

    private Class<?> compileTemplate() throws Exception {
        Path source = Deployment.template("spring-boot/EnvelopeKeyStoreConfiguration.java");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean ok = javac.getTask(diagnostics, null, null,
                List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"), "--release", "17",
                        "-parameters"),
                null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
                        .getJavaFileObjects(source.toFile()))
                .call();
        assertTrue(ok, diagnostics::toString);
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        return loader.loadClass("com.example.envelope.EnvelopeKeyStoreConfiguration");
    }

    /** What an operator does first: an embedded KMS in ENVELOPE_HOME with the alias the application uses. */
    private String prepareStore() throws Exception {
        Path config = home.resolve("kms.properties");
        Files.writeString(config, Files.readString(Deployment.template("keystore/kms-embedded.properties"))
                + "\nlocal.path=" + home.resolve("kms").toString().replace("\\", "\\\\") + "\n");
        KeyStore store = KeyStore.getInstance("KMS", new EnvelopeProvider());
        try (InputStream in = Files.newInputStream(config)) {
            store.load(in, null);
        }
        store.setKeyEntry("orders", KeyGenerator.getInstance("KMS", new EnvelopeProvider()).generateKey(), null, null);
        return ((KmsKey) store.getKey("orders", null)).keyArns().get(0);
    }

    @Test
    void theKeyBeanEncryptsAndDecrypts() throws Exception {
        String arn = prepareStore();
        Class<?> configuration = compileTemplate();

        SpringApplication app = new SpringApplication(configuration);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
        app.setResourceLoader(new org.springframework.core.io.DefaultResourceLoader(configuration.getClassLoader()));
        try (ConfigurableApplicationContext context = app.run(
                "--spring.config.location=file:" + Deployment.template("spring-boot/application.properties"),
                "--ENVELOPE_HOME=" + home, "--ENVELOPE_KEYSTORE_PASSWORD=")) {
            Key key = context.getBean("envelopeKey", Key.class);
            assertEquals(List.of(arn), ((KmsKey) key).keyArns());
            assertEquals("KMS", context.getBean(KeyStore.class).getType());

            Cipher cipher = Cipher.getInstance("Envelope/AES-GCM/NoPadding");
            byte[] plaintext = "order 42".getBytes(StandardCharsets.UTF_8);
            cipher.init(Cipher.ENCRYPT_MODE, key);
            byte[] message = cipher.doFinal(plaintext);
            cipher.init(Cipher.DECRYPT_MODE, key);
            assertArrayEquals(plaintext, cipher.doFinal(message));
        }
        assertTrue(new File(home.toFile(), "kms").isDirectory());
    }
}
