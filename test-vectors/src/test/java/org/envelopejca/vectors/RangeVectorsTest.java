package org.envelopejca.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import org.envelopejca.DecryptedMessageChannel;
import org.envelopejca.EnvelopeRangeDecryptor;
import org.envelopejca.MalformedMessageException;
import org.envelopejca.message.ContentType;
import org.envelopejca.message.MessageHeader;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The public ESDK vectors (written by other ESDK implementations) read by range: every framed positive vector gives
 * its expected plaintext through the channel and for ranges across its frames; non-framed ones are refused with a
 * reason; the nonconforming .NET 4.0.0 vectors are refused as by the Cipher.
 */
@ExtendWith(PublicVectors.class)
class RangeVectorsTest {

    @TestFactory
    Stream<DynamicNode> positiveVectorsReadByRange() throws Exception {
        List<DynamicNode> nodes = new ArrayList<>();
        for (String manifest : List.of("c-from-dafny-raw/decrypt-manifest.json", "net-4.0.1-raw/manifest.json")) {
            DecryptManifest m = DecryptManifest.load(ManifestRunner.esdkVectorsDir().resolve(manifest));
            KeysManifest keys = KeysManifest.load(m.keysFile());
            int[] framed = {0};
            for (DecryptTestCase test : m.tests()) {
                var plan = JcaDecryption.plan(test, keys).decryption();
                if (!test.isPositive() || plan.isEmpty()) {
                    continue;
                }
                nodes.add(DynamicTest.dynamicTest(test.id(), test.ciphertext().toUri(), () -> {
                    byte[] expected = Files.readAllBytes(test.plaintext().orElseThrow());
                    EnvelopeRangeDecryptor decryptor = decryptor(plan.get());
                    if (!framed(test.ciphertext())) {
                        try (FileChannel source = open(test.ciphertext())) {
                            MalformedMessageException e = assertThrows(MalformedMessageException.class,
                                    () -> decryptor.decrypt(source, 0, 1));
                            assertTrue(e.getMessage().contains("non-framed"), e.getMessage());
                        }
                        return;
                    }
                    framed[0]++;
                    try (FileChannel source = open(test.ciphertext());
                         DecryptedMessageChannel channel = decryptor.open(source)) {
                        ByteBuffer all = ByteBuffer.allocate(expected.length + 1);
                        while (channel.read(all) > 0) {
                            // to the end
                        }
                        assertArrayEquals(expected, Arrays.copyOf(all.array(), all.position()), "the whole channel");
                        int n = expected.length;
                        for (int[] r : new int[][] {{0, 1}, {n / 3, n / 2}, {Math.max(0, n - 7), 20}}) {
                            assertArrayEquals(Arrays.copyOfRange(expected, Math.min(n, r[0]), Math.min(n, r[0] + r[1])),
                                    decryptor.decrypt(source, r[0], r[1]), "range " + r[0] + "+" + r[1]);
                        }
                    }
                }));
            }
            nodes.add(DynamicTest.dynamicTest(manifest + ": framed vectors read", () -> assertTrue(framed[0] > 20,
                    "framed vectors in " + manifest + ": " + framed[0])));
        }
        return nodes.stream();
    }

    /** Written with .NET 4.0.0's header-authentication and HKDF bug: refused by range as by the Cipher. */
    @TestFactory
    Stream<DynamicNode> nonconformingVectorsAreRefused() throws Exception {
        DecryptManifest m = DecryptManifest.load(ManifestRunner.esdkVectorsDir()
                .resolve("net-4.0.0-invalid-NONCONFORMING/manifest.json"));
        KeysManifest keys = KeysManifest.load(m.keysFile());
        List<DynamicNode> nodes = new ArrayList<>();
        for (DecryptTestCase test : m.tests()) {
            var plan = JcaDecryption.plan(test, keys).decryption();
            nodes.add(DynamicTest.dynamicTest(test.id(), () -> {
                if (!framed(test.ciphertext())) {
                    return;
                }
                try (FileChannel source = open(test.ciphertext())) {
                    GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
                            () -> decryptor(plan.orElseThrow()).decrypt(source, 0, 10));
                    assertTrue(e instanceof AEADBadTagException, e.toString());
                }
            }));
        }
        assertEquals(28, nodes.size());
        return nodes.stream();
    }

    private static EnvelopeRangeDecryptor decryptor(JcaDecryption d) throws GeneralSecurityException {
        EnvelopeRangeDecryptor.Builder b = EnvelopeRangeDecryptor.builder(d.initKey()).parameters(d.spec())
                .readSignedMessagesWithoutVerifyingSignature();
        if (d.aad() != null) {
            b.aad(d.aad());
        }
        return b.build();
    }

    private static boolean framed(Path message) throws Exception {
        return MessageHeader.read(new ByteArrayInputStream(Files.readAllBytes(message)), 65_535).contentType()
                == ContentType.FRAMED;
    }

    private static FileChannel open(Path file) throws Exception {
        return FileChannel.open(file, StandardOpenOption.READ);
    }
}
