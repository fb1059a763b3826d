package org.envelopejca.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.local.AuditSync;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.envelopejca.server.AccessKey;
import org.envelopejca.server.KmsServer;

/**
 * The one KMS every KMS-keyed benchmark side pays for: the embedded engine in a fresh temporary directory with one
 * symmetric key, and, when asked, the provider's KMS endpoint over it on loopback. Every side (Envelope, the ESDK,
 * Tink) opens it with the same options, so they pay the same cost per KMS call.
 *
 * <p>{@code auditSync}: when the engine forces its audit lines to disk. Its default, {@link AuditSync#BATCHED},
 * syncs the lines of data-key calls in batches; {@link AuditSync#EVERY_CALL} makes each uncached message cost a disk
 * sync whatever library asks, so that the figures show the disk rather than the libraries.
 */
final class EmbeddedKms implements AutoCloseable {
    static final String ACCESS_KEY_ID = "EKIABENCHMARK0000002";
    static final String SECRET = "benchmark-secret-0123456789abcdefg";
    static final String REGION = "us-east-1";

    private final Path dir;
    private final LocalKms kms;
    private final String keyArn;
    private final KmsServer server;

    private EmbeddedKms(Path dir, LocalKms kms, String keyArn, KmsServer server) {
        this.dir = dir;
        this.kms = kms;
        this.keyArn = keyArn;
        this.server = server;
    }

    static EmbeddedKms open(AuditSync auditSync, boolean withEndpoint) throws IOException, GeneralSecurityException {
        Path dir = Files.createTempDirectory("envelope-kms-bench");
        LocalKms kms = null;
        try {
            kms = LocalKms.open(dir.resolve("kms"), LocalKmsOptions.builder().auditSync(auditSync).build());
            String keyArn = kms.createKey(CreateKeyRequest.symmetric("benchmark")).arn();
            KmsServer server = !withEndpoint ? null : KmsServer.builder()
                    .localKms(kms)
                    .bind(InetAddress.getLoopbackAddress())
                    .credentials(Map.of(ACCESS_KEY_ID, new AccessKey(ACCESS_KEY_ID, SECRET, "benchmark", null,
                            Set.of("*"), List.of("*"))))
                    .start();
            return new EmbeddedKms(dir, kms, keyArn, server);
        } catch (KmsException e) {
            close(kms, dir);
            throw new GeneralSecurityException("the embedded KMS refused to create the benchmark key", e);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            close(kms, dir);
            throw e;
        }
    }

    private static void close(LocalKms kms, Path dir) throws IOException {
        try {
            if (kms != null) {
                kms.close();
            }
        } finally {
            DirectoryTrees.delete(dir);
        }
    }

    LocalKms kms() {
        return kms;
    }

    String keyArn() {
        return keyArn;
    }

    /** The endpoint's URI; only when opened with one. */
    URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("opened without the endpoint");
        }
        return server.endpoint();
    }

    @Override
    public void close() throws IOException {
        try {
            if (server != null) {
                server.close();
            }
            kms.close();
        } finally {
            DirectoryTrees.delete(dir);
        }
    }

}
