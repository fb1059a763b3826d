package org.envelopejca.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 9 of the second review: a 500 answer carried the store's absolute path. No answer names a file: not the
 * engine's message for an internal error, not an exception's text.
 */
class InternalErrorsTest {

    @Test
    void aStoreThatCannotBeReadAnswers500WithoutItsPath(@TempDir Path dir) throws Exception {
        try (ServerFixture f = new ServerFixture(dir, List.of())) {
            String arn = f.admin().createKey(r -> r.description("store goes away")).keyMetadata().arn();
            // the store file replaced by a directory: every read of it fails with an I/O error naming it
            Path store = dir.resolve("kms").resolve("store.json");
            Files.delete(store);
            Files.createDirectory(store);
            RawRequests.Answer a = new RawRequests(f.server.endpoint()).send(new RawRequests.Spec()
                    .target("DescribeKey").body("{\"KeyId\":\"" + arn + "\"}"));
            assertEquals(500, a.status(), a.toString());
            assertEquals("KMSInternalException", a.type());
            assertNoPath(a, dir);
        }
    }

    @Test
    void engineAndRuntimeFailuresNamingFilesAreNotRepeated(@TempDir Path dir) throws Exception {
        String secretPath = dir.toAbsolutePath().resolve("private").resolve("store.json").toString();
        Kms failing = (Kms) Proxy.newProxyInstance(Kms.class.getClassLoader(), new Class<?>[] {Kms.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("listKeys")) {
                        throw new KmsException(KmsErrorCode.INTERNAL, "local KMS store unavailable: " + secretPath
                                + ": Permission denied", null);
                    }
                    if (method.getName().equals("listAliases")) {
                        throw new UncheckedIOException(new NoSuchFileException(secretPath));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        AccessKey admin = new AccessKey(ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET, "admin", null,
                Set.of("*"), List.of("*"));
        try (KmsServer server = KmsServer.builder().kms(failing).credentials(Map.of(admin.accessKeyId(), admin))
                .start()) {
            RawRequests raw = new RawRequests(server.endpoint());
            RawRequests.Answer engine = raw.send(new RawRequests.Spec().target("ListKeys"));
            assertEquals(500, engine.status());
            assertEquals("KMSInternalException", engine.type());
            assertNoPath(engine, dir);
            RawRequests.Answer runtime = raw.send(new RawRequests.Spec().target("ListAliases"));
            assertEquals(500, runtime.status());
            assertNoPath(runtime, dir);
        }
    }

    private static void assertNoPath(RawRequests.Answer a, Path dir) {
        String body = a.response().body();
        assertFalse(body.contains(dir.toAbsolutePath().toString()), body);
        assertFalse(body.contains("store.json"), body);
        assertFalse(body.contains("/"), "no path of any kind: " + body);
        assertTrue(a.message().startsWith("The request could not be completed (request "), a.message());
    }
}
