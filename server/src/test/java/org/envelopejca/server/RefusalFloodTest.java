package org.envelopejca.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.envelopejca.kms.local.AuditLog;
import org.envelopejca.kms.local.AuditVerification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 3 of the second review: refused requests need no credentials, so what they make the refusal log write
 * must be bounded: fields cut, lines per source limited (the rest counted), files rotated with the chain kept.
 */
class RefusalFloodTest {
    private static final int FLOOD = 200;
    private static final String HUGE_AGENT = "A".repeat(200 * 1024);

    @Test
    void aFloodOfRefusedRequestsWithHugeUserAgentsWritesABoundedLog(@TempDir Path dir) throws Exception {
        // the header limit raised so that the 200 KiB User-Agents reach the endpoint and its log
        try (ServerFixture f = new ServerFixture(dir, List.of(), KmsServer.builder().maxHeaderBytes(256 * 1024),
                RefusalLog.Limits.defaults())) {
            RawRequests raw = new RawRequests(f.server.endpoint());
            long start = System.nanoTime();
            for (int i = 0; i < FLOOD; i++) {
                RawRequests.Spec s = new RawRequests.Spec();
                s.authorize = false;
                s.unsignedHeaders.put("User-Agent", HUGE_AGENT);
                assertEquals("MissingAuthenticationTokenException", raw.send(s).type());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            f.refusals.close();
            long bytes = logBytes(dir);
            System.out.printf("REFUSAL-FLOOD requests=%d userAgentBytes=%d logBytes=%d lines=%d%n", FLOOD,
                    HUGE_AGENT.length(), bytes, f.refusalAudit().size());
            // the default allowance: a burst of 20 lines, then 2 a second, each line (and each RefusalsDropped line
            // before one) under 2 KiB; not 200 x 200 KiB
            RefusalLog.Limits limits = RefusalLog.Limits.defaults();
            double allowed = limits.burst() + Math.ceil(limits.linesPerSecond() * seconds) + 1;
            assertTrue(bytes < allowed * 2 * 2048, "refusal log bytes: " + bytes + " in " + seconds + " s");
            List<JsonNode> lines = f.refusalAudit();
            long logged = lines.stream().filter(l -> !l.path("eventName").asText().equals("RefusalsDropped")).count();
            long dropped = lines.stream().mapToLong(l -> l.path("droppedRefusals").asLong(0)).sum();
            assertEquals(FLOOD, logged + dropped, "every refusal is logged or counted");
            assertEquals("RefusalsDropped", lines.get(lines.size() - 1).path("eventName").asText());
            assertTrue(lines.get(0).path("userAgent").asText().length() <= RefusalLog.MAX_FIELD_CHARS);
            assertTrue(AuditLog.verify(f.refusals.path()).ok());
        }
    }

    @Test
    void withTheDefaultHeaderLimitAHugeUserAgentIsRefusedBeforeTheEndpoint(@TempDir Path dir) throws Exception {
        try (ServerFixture f = new ServerFixture(dir, List.of());
             Socket socket = new Socket(f.server.endpoint().getHost(), f.server.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            // 20 KiB, over the 16 KiB limit (and small enough for the socket buffers: the write never waits)
            socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: " + "A".repeat(20 * 1024)
                    + "\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertTrue(status.startsWith("HTTP/1.1 431 "), status);
            assertEquals(0, f.refusalAudit().size());
        }
    }

    @Test
    void everyFieldIsCut(@TempDir Path dir) throws IOException {
        try (RefusalLog log = RefusalLog.open(dir.resolve("endpoint-audit.log"), "us-east-1", "111122223333")) {
            String big = "k".repeat(10_000);
            log.refused(Instant.now(), "req", big, big, big, "127.0.0.1", big, big, big, big);
            JsonNode line = ServerFixture.linesOf(log.path()).get(0);
            assertTrue(Files.size(log.path()) < 4096, "line bytes: " + Files.size(log.path()));
            for (JsonNode value : List.of(line.path("userAgent"), line.path("userIdentity").path("accessKeyId"),
                    line.path("userIdentity").path("principalId"), line.path("eventName"), line.path("errorCode"),
                    line.path("requestParameters").path("keyId"))) {
                assertTrue(value.asText().length() <= RefusalLog.MAX_FIELD_CHARS, value.asText().length() + "");
                assertTrue(value.asText().endsWith("(cut, 10000 characters)"), value.asText());
            }
        }
    }

    @Test
    void eachSourceHasItsOwnAllowance(@TempDir Path dir) throws IOException {
        RefusalLog log = RefusalLog.open(dir.resolve("endpoint-audit.log"), "us-east-1", "111122223333",
                new RefusalLog.Limits(1024 * 1024, 2, 0.001, 5), Clock.systemUTC());
        for (int i = 0; i < 50; i++) {
            refuse(log, "10.0.0.1", i);
        }
        refuse(log, "10.0.0.2", 0);
        log.close();
        List<JsonNode> lines = ServerFixture.linesOf(log.path());
        assertEquals(5 + 1 + 1, lines.size());
        assertEquals("10.0.0.2", lines.get(5).path("sourceIPAddress").asText());
        assertEquals("RefusalsDropped", lines.get(6).path("eventName").asText());
        assertEquals(45, lines.get(6).path("droppedRefusals").asLong());
        assertEquals("10.0.0.1", lines.get(6).path("sourceIPAddress").asText());
    }

    @Test
    void rotationBoundsTheFilesAndKeepsTheChainAcrossThem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("endpoint-audit.log");
        RefusalLog.Limits small = new RefusalLog.Limits(64 * 1024, 2, 1e9, 1_000_000);
        RefusalLog log = RefusalLog.open(file, "us-east-1", "111122223333", small, Clock.systemUTC());
        int refusals = 600;
        for (int i = 0; i < refusals; i++) {
            refuse(log, "10.0.0.1", i);
        }
        assertTrue(Files.exists(dir.resolve("endpoint-audit.log.2")));
        assertFalse(Files.exists(dir.resolve("endpoint-audit.log.3")), "only 2 rotated files are kept");
        for (String name : List.of("endpoint-audit.log", "endpoint-audit.log.1", "endpoint-audit.log.2")) {
            Path p = dir.resolve(name);
            assertTrue(Files.size(p) <= small.maxFileBytes(), name + ": " + Files.size(p));
            assertTrue(AuditLog.verify(p).ok(), name + " verifies alone");
        }
        AuditVerification all = RefusalLog.verify(file);
        assertTrue(all.ok(), all.toString());
        long lines = 0;
        for (String name : List.of("endpoint-audit.log", "endpoint-audit.log.1", "endpoint-audit.log.2")) {
            lines += Files.readAllLines(dir.resolve(name)).size();
        }
        assertEquals(lines, all.lines());
        assertEquals(RotatingAuditFile.ROTATED,
                ServerFixture.linesOf(file).get(0).path("eventName").asText());

        // lines cut off the end of a rotated file break the link to the next file
        Path older = dir.resolve("endpoint-audit.log.1");
        List<String> content = Files.readAllLines(older);
        Files.write(older, content.subList(0, content.size() - 1));
        assertTrue(AuditLog.verify(older).ok(), "the cut file alone still verifies");
        AuditVerification cut = RefusalLog.verify(file);
        assertFalse(cut.ok());
        assertTrue(cut.problem().contains("rotation line does not match"), cut.problem());
    }

    private static void refuse(RefusalLog log, String source, int i) throws IOException {
        log.refused(Instant.now(), "req-" + i, "EKIAEXAMPLE000000001", null, "Decrypt", source, "test-agent",
                "AccessDeniedException", "refused " + "x".repeat(400), "alias/x");
    }

    private static long logBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("endpoint-audit.log"))
                    .filter(p -> !p.getFileName().toString().endsWith(".lock"))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
