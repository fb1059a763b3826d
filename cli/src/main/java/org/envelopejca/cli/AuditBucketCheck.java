package org.envelopejca.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.local.AuditBucketVerification;
import org.envelopejca.kms.local.AuditDeliverySettings;
import org.envelopejca.kms.local.AuditDeliveryStatus;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.S3Access;
import org.envelopejca.kms.local.S3Location;
import org.envelopejca.kms.local.WrongPasswordException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code audit verify --bucket}: checks the audit files the embedded KMS delivered to a bucket (see
 * {@link AuditBucketVerification}). The digests' public key comes from GetPublicKey of the signing key, in the
 * embedded KMS opened without delivery (so the check does not write to the bucket it reads): the key the delivery
 * state recorded, else local.audit-digest-key, else the default alias.
 */
final class AuditBucketCheck {
    private AuditBucketCheck() {
    }

    static int run(KeyStoreConfig config, S3Location at, Path passwordFile, Map<String, String> env, boolean json,
                   PrintWriter out) throws Exception {
        Path home = config.localPath();
        if (!Files.isRegularFile(home.resolve(LocalKms.ROOT_HEADER))) {
            throw new UsageException("no embedded KMS in " + home + ": its signing key verifies the digests");
        }
        AuditDeliverySettings delivery = config.localAuditDelivery();
        // the same local.s3-* settings as delivery and copies, whether or not local.audit-bucket is set
        S3Access.Settings s3Settings = config.localS3();
        AuditDeliveryStatus status = AuditDeliveryStatus.read(home, home.resolve(AuditVerifyCommand.DEFAULT_LOG_NAME));
        String keyId = status != null && status.signingKeyArn() != null && status.bucket().equals(at.toString())
                ? status.signingKeyArn()
                : delivery != null ? delivery.signingKeyOrDefault() : AuditDeliverySettings.DEFAULT_SIGNING_ALIAS;
        byte[] publicKey = publicKey(config, keyId, passwordFile, env);
        AuditBucketVerification.Report report;
        try (S3Client s3 = S3Access.client(s3Settings)) {
            report = new AuditBucketVerification(s3, at, config.localAccount(), config.localRegion(),
                    List.of(publicKey)).verify(home);
        }
        if (json) {
            ObjectNode o = JsonOutput.object();
            o.put("bucket", at.toString());
            o.put("ok", report.ok());
            o.put("digests", report.digests());
            o.put("digestsVerified", report.digestsVerified());
            o.put("logFiles", report.files());
            o.put("logFilesVerified", report.filesVerified());
            o.put("signingKey", keyId);
            o.put("publicKeyFingerprint", AuditBucketVerification.fingerprint(publicKey));
            ArrayNode problems = o.putArray("problems");
            for (AuditBucketVerification.Problem p : report.problems()) {
                problems.addObject().put("kind", p.kind().name()).put("object", p.object()).put("detail", p.detail());
            }
            JsonOutput.print(out, o);
        } else if (report.ok()) {
            out.println("OK: " + report.digests() + " digests (signatures, chain) and " + report.files()
                    + " log files (SHA-256) verified in " + at + ", signed by " + keyId);
        } else {
            out.println("BROKEN: " + report.problems().size() + " problems in " + at + " (" + report.digestsVerified()
                    + " of " + report.digests() + " digests and " + report.filesVerified() + " of " + report.files()
                    + " log files verified)");
            for (AuditBucketVerification.Problem p : report.problems()) {
                out.println("  " + p);
            }
        }
        out.flush();
        return report.ok() ? EnvelopeCli.OK : EnvelopeCli.DECRYPTION_FAILED;
    }

    private static byte[] publicKey(KeyStoreConfig config, String keyId, Path passwordFile, Map<String, String> env)
            throws Exception {
        char[] password = KmsSession.password(passwordFile, env);
        try (LocalKms kms = LocalKms.open(config.localPath(),
                KmsSession.localOptions(config).password(password).build())) {
            return kms.getPublicKey(keyId).publicKey();
        } catch (WrongPasswordException e) {
            throw KmsSession.wrongPassword(e);
        } catch (KmsException e) {
            throw new UsageException("the digest signing key " + keyId + ": " + e.getMessage(), e);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }
}
