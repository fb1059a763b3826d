package org.envelopejca.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KeyUsage;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.SigningAlgorithm;
import picocli.CommandLine.Option;

/** What {@code sign} and {@code verify} share: the key, the algorithm, the file, and its digest. */
final class SignatureOptions {
    @Option(names = "--key", required = true, paramLabel = "KEY", order = 1,
            description = "The signing key: alias/NAME, NAME, key ID or ARN.")
    String key;

    @Option(names = "--algorithm", paramLabel = "ALG", order = 2,
            description = "${COMPLETION-CANDIDATES} (default: the key's first: PKCS#1 v1.5 SHA-256 for RSA, the "
                    + "curve's ECDSA).")
    SigningAlgorithm algorithm;

    @Option(names = "--in", required = true, paramLabel = "FILE", order = 3,
            description = "The file signed (any size: it is hashed here and KMS signs the digest).")
    Path in;

    /** The key's ARN, checked to be a signing key, and the algorithm (the one given or the key's default). */
    record Resolved(String keyArn, SigningAlgorithm algorithm) {
    }

    Resolved resolve(KmsSession session) throws UsageException, KmsException {
        KeyMetadata m = session.kms().describeKey(session.keyId(key));
        if (m.keyUsage() != KeyUsage.SIGN_VERIFY) {
            throw new UsageException(key + " is not a signing key (usage " + m.keyUsage() + ")");
        }
        SigningAlgorithm alg = algorithm;
        if (alg == null) {
            alg = m.signingAlgorithms().stream().filter(a -> a.scheme() != SigningAlgorithm.Scheme.RSA_PSS)
                    .findFirst().orElseThrow(() -> new UsageException(key + " names no signing algorithm"));
        }
        return new Resolved(m.arn(), alg);
    }

    /** The file's digest with the algorithm's hash, read in constant memory. */
    byte[] digest(SigningAlgorithm alg) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(alg.digestAlgorithm());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream s = Files.newInputStream(in)) {
            for (int n = s.read(buffer); n >= 0; n = s.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }
}
