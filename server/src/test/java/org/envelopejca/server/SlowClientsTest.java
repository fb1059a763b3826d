package org.envelopejca.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Finding 1 of the second review: connections that send one byte, stop in the middle of a body, or stall a TLS
 * handshake must neither delay a legitimate signed request nor stay open for ever. Loopback only; a fixed number of
 * connections; the bounds are test timeouts, not timing assertions.
 */
class SlowClientsTest {
    /** Per kind of slow connection: the review saw 8 one-byte connections stall the old server for 12-20 s. */
    private static final int SLOW = 12;
    private static final Duration LEGIT_BOUND = Duration.ofSeconds(15);
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(20);

    /** Short enough to see the server close slow connections within the test; long enough for a cold TLS handshake. */
    private static KmsServer.Builder shortDeadlines() {
        return KmsServer.builder().headerTimeout(Duration.ofSeconds(3))
                .minRequestDataRate(1024, Duration.ofSeconds(2));
    }

    @Test
    void oneByteAndMidBodyConnectionsDoNotDelayASignedRequest(@TempDir Path dir) throws Exception {
        try (ServerFixture f = new ServerFixture(dir, List.of(), shortDeadlines());
             Stalled stalled = new Stalled()) {
            String arn = f.admin().createKey(r -> r.description("slow clients")).keyMetadata().arn();
            URI endpoint = f.server.endpoint();
            for (int i = 0; i < SLOW; i++) {
                stalled.open(endpoint, "P".getBytes(StandardCharsets.US_ASCII));
                stalled.open(endpoint, ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + KmsServer.CONTENT_TYPE
                        + "\r\nX-Amz-Target: TrentService.ListKeys\r\nContent-Length: 1000\r\n\r\n{\"Limit\": 1")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            RawRequests raw = new RawRequests(endpoint);
            RawRequests.Spec describe = new RawRequests.Spec().target("DescribeKey").body("{\"KeyId\":\"" + arn + "\"}");
            long start = System.nanoTime();
            RawRequests.Answer answer = assertTimeoutPreemptively(LEGIT_BOUND, () -> raw.send(describe));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, answer.status(), answer.toString());
            assertEquals(arn, answer.json().path("KeyMetadata").path("Arn").asText());
            System.out.printf("SLOW-CLIENTS plain oneByte=%d midBody=%d legitDescribeKeyMillis=%d%n", SLOW, SLOW,
                    millis);
            // and the server itself ends the slow connections
            assertTimeoutPreemptively(CLOSE_BOUND, stalled::awaitAllClosed);
            assertTrue(f.server.connectionsClosedForSlowness() >= 2L * SLOW, "closed: "
                    + f.server.connectionsClosedForSlowness());
        }
    }

    @Test
    void stalledTlsHandshakesDoNotDelayASignedRequest(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("127.0.0.1", Duration.ofDays(1));
        try (ServerFixture f = new ServerFixture(dir, List.of(), shortDeadlines().tls(cert.sslContext()));
             Stalled stalled = new Stalled();
             KmsClient kms = trusting(f.server.endpoint(), cert)) {
            URI endpoint = f.server.endpoint();
            for (int i = 0; i < SLOW; i++) {
                stalled.open(endpoint, new byte[0]); // connects, never says hello
                stalled.open(endpoint, new byte[] {0x16}); // the first byte of a TLS handshake record
                stalled.open(endpoint, new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00}); // a ClientHello cut short
            }
            long start = System.nanoTime();
            String arn = assertTimeoutPreemptively(LEGIT_BOUND,
                    () -> kms.createKey(r -> r.description("over TLS, beside stalled handshakes")).keyMetadata().arn());
            long created = System.nanoTime();
            assertEquals(arn, assertTimeoutPreemptively(LEGIT_BOUND,
                    () -> kms.describeKey(r -> r.keyId(arn)).keyMetadata().arn()));
            System.out.printf("SLOW-CLIENTS tls stalledHandshakes=%d createKeyMillis=%d (new connection, handshake) "
                    + "describeKeyMillis=%d%n", 3 * SLOW, (created - start) / 1_000_000,
                    (System.nanoTime() - created) / 1_000_000);
            assertTimeoutPreemptively(CLOSE_BOUND, stalled::awaitAllClosed);
        }
    }

    /**
     * With every slot held by a stalled connection, a further client's signed request waits in the accept backlog and
     * is answered only once the server has closed a stalled connection for its missed header deadline. Checked as an
     * ordering of events, not a duration: the server counts a close for slowness before it closes the connection, a
     * slot frees only once a connection has closed, and only then is the waiting connection accepted; so when the
     * answer arrives the count is at least one. Without the limit the request is accepted and answered at once, while
     * every stalled connection still holds on and the count is zero.
     */
    @Test
    void connectionsOverTheLimitWaitOnlyUntilTheStalledOnesAreClosed(@TempDir Path dir) throws Exception {
        int limit = 4;
        try (ServerFixture f = new ServerFixture(dir, List.of(), shortDeadlines().maxConnections(limit));
             Stalled stalled = new Stalled()) {
            URI endpoint = f.server.endpoint();
            for (int i = 0; i < limit; i++) {
                stalled.open(endpoint, "POST".getBytes(StandardCharsets.US_ASCII));
            }
            // Connected before the request below, so ahead of it in the accept backlog (first in, first out).
            assertEquals(0, f.server.connectionsClosedForSlowness(),
                    "the stalled connections must still hold every slot when the request is sent");
            RawRequests raw = new RawRequests(endpoint);
            RawRequests.Answer answer = assertTimeoutPreemptively(LEGIT_BOUND, () -> raw.send(new RawRequests.Spec()));
            long closedBeforeTheAnswer = f.server.connectionsClosedForSlowness();
            assertEquals(200, answer.status(), answer.toString());
            assertTrue(closedBeforeTheAnswer >= 1, "the request over the limit was answered while all " + limit
                    + " stalled connections still held their slots: the connection limit is not enforced");
            System.out.printf("SLOW-CLIENTS limit=%d stalled=%d closedForSlownessBeforeTheAnswer=%d%n", limit, limit,
                    closedBeforeTheAnswer);
            // and the server ends every stalled connection itself
            assertTimeoutPreemptively(CLOSE_BOUND, stalled::awaitAllClosed);
            assertTrue(f.server.connectionsClosedForSlowness() >= limit, "closed: "
                    + f.server.connectionsClosedForSlowness());
        }
    }

    private static KmsClient trusting(URI endpoint, SelfSignedCertificate cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("endpoint", cert.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return KmsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET)))
                .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(tmf::getTrustManagers).build())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .build();
    }

    /** Raw sockets that send a few bytes and then nothing. */
    private static final class Stalled implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();

        void open(URI endpoint, byte[] first) throws IOException {
            Socket s = new Socket(endpoint.getHost(), endpoint.getPort());
            sockets.add(s);
            s.setSoTimeout((int) CLOSE_BOUND.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(first);
            out.flush();
        }

        /** Returns once the server has closed (or reset) every socket; fails on a read timeout. */
        void awaitAllClosed() throws IOException {
            byte[] buf = new byte[4096];
            for (Socket s : sockets) {
                InputStream in = s.getInputStream();
                try {
                    while (in.read(buf) >= 0) {
                        // an error answer (e.g. 408) may come before the close
                    }
                } catch (SocketTimeoutException e) {
                    throw e;
                } catch (IOException reset) {
                    // reset by the server: closed too
                }
            }
        }

        @Override
        public void close() throws IOException {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
