package org.envelopejca.server.hardening;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.envelopejca.kms.local.AuditSync;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.envelopejca.properties.Messages;
import org.envelopejca.server.AccessKey;
import org.envelopejca.server.KmsServer;
import org.envelopejca.server.RefusalLog;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The KMS endpoint on an ephemeral loopback port over an embedded engine in a directory, with one access key that
 * may do everything; SDK clients and {@code kms=aws} KeyStores for it.
 */
final class Endpoint implements AutoCloseable {
    static final String ACCESS_KEY_ID = "EKIAHARDENING0000001";
    static final String SECRET = "hardening-secret-0123456789abcdef";

    final LocalKms local;
    final RefusalLog refusals;
    final KmsServer server;
    private boolean serverClosed;

    Endpoint(Path dir) throws Exception {
        local = LocalKms.open(dir.resolve("kms"), LocalKmsOptions.builder().auditSync(AuditSync.OPERATING_SYSTEM).build());
        refusals = RefusalLog.open(dir.resolve("endpoint-audit.log"), local.region(), local.account());
        server = KmsServer.builder().localKms(local)
                .credentials(Map.of(ACCESS_KEY_ID, new AccessKey(ACCESS_KEY_ID, SECRET, "hardening", null,
                        Set.of("*"), List.of("*"))))
                .refusalLog(refusals).start();
    }

    /** The unmodified SDK client: endpoint override, static credentials, URL-connection HTTP client, no retries. */
    KmsClient client() {
        return KmsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(local.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET)))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .build();
    }

    /** A {@code kms=aws} KeyStore reaching the engine through the endpoint; {@code extra}: more properties. */
    KeyStore awsKeyStore(String extra) throws GeneralSecurityException, IOException {
        String props = "kms=aws\naws.region=" + local.region() + "\naws.endpoint=" + server.endpoint()
                + "\naws.access-key-id=" + ACCESS_KEY_ID + "\naws.secret-access-key=" + SECRET + "\n" + extra;
        KeyStore ks = KeyStore.getInstance("KMS", Messages.PROVIDER);
        ks.load(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)), null);
        return ks;
    }

    /** Stops the endpoint (the engine stays open for checks). */
    void stopServer() {
        if (!serverClosed) {
            serverClosed = true;
            server.close();
        }
    }

    @Override
    public void close() throws IOException {
        stopServer();
        local.close();
    }
}
