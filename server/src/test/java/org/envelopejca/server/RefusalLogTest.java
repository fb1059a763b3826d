package org.envelopejca.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.envelopejca.kms.local.AuditLog;
import org.envelopejca.kms.local.AuditVerification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The endpoint's refusal log: the engine audit log's chain format, shared by writers, torn lines cut. */
class RefusalLogTest {

    private static void refuse(RefusalLog log, String code) throws IOException {
        log.refused(Instant.now(), "req-" + code, "EKIAEXAMPLE000000001", null, "Decrypt", "127.0.0.1", "test",
                code, "refused", "alias/x");
    }

    @Test
    void twoWritersKeepOneChainThatAuditLogVerifies(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("endpoint-audit.log");
        RefusalLog a = RefusalLog.open(file, "us-east-1", "111122223333");
        RefusalLog b = RefusalLog.open(file, "us-east-1", "111122223333");
        for (int i = 0; i < 3; i++) {
            refuse(a, "A" + i);
            refuse(b, "B" + i);
        }
        AuditVerification v = AuditLog.verify(file);
        assertTrue(v.ok(), v.toString());
        assertEquals(6, v.lines());
        List<JsonNode> lines = ServerFixture.linesOf(file);
        assertEquals("alias/x", lines.get(0).path("requestParameters").path("keyId").asText());
        assertEquals("EKIAEXAMPLE000000001", lines.get(0).path("userIdentity").path("accessKeyId").asText());
        assertEquals(List.of("A0", "B0", "A1", "B1", "A2", "B2"),
                lines.stream().map(l -> l.path("errorCode").asText()).toList());

        // an edited line breaks the chain
        String text = Files.readString(file);
        Files.writeString(file, text.replaceFirst("\"refused\"", "\"Refused\""));
        assertFalse(AuditLog.verify(file).ok());
        Files.writeString(file, text);

        // a torn last line is cut off at the next append
        Files.write(file, "{\"eventVersion\":\"1.".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        assertFalse(AuditLog.verify(file).ok());
        refuse(a, "after-tear");
        AuditVerification repaired = AuditLog.verify(file);
        assertTrue(repaired.ok(), repaired.toString());
        assertEquals(7, repaired.lines());
    }

    @Test
    void aDamagedLastLineIsReportedAtOpen(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("endpoint-audit.log");
        Files.writeString(file, "not an audit line\n");
        IOException e = assertThrows(IOException.class, () -> RefusalLog.open(file, "us-east-1", "111122223333"));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }
}
