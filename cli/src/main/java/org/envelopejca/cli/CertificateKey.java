package org.envelopejca.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.envelopejca.keystore.KmsSigningKey;
import org.envelopejca.kms.KeySpec;
import picocli.CommandLine.Option;

/** What the cert commands share: the signing key's alias, and signing with it through the provider. */
final class CertificateKey {
    @Option(names = "--key", required = true, paramLabel = "ALIAS", order = 1,
            description = "The signing key's alias (alias/NAME or NAME): its chain is kept under it.")
    String key;

    /** The alias, normalized (alias/NAME), and the KeyStore's handle of its signing key. */
    record Resolved(String alias, KmsSigningKey key) {
    }

    Resolved resolve(KmsSession session) throws UsageException, GeneralSecurityException {
        String alias = KeyReference.normalize(key);
        if (!KeyReference.isAliasName(alias)) {
            throw new UsageException("--key names an alias (the certificate chain is kept under it): " + key);
        }
        Key k = session.keyStore().getKey(alias, null);
        if (k == null) {
            throw new UsageException("no KMS key " + alias + " in " + session.where() + " (create one: envelope keys "
                    + "create --alias " + alias.substring(KeyReference.ALIAS_PREFIX.length())
                    + " --usage SIGN_VERIFY --spec ECC_NIST_P256)");
        }
        if (!(k instanceof KmsSigningKey signing)) {
            throw new UsageException(alias + " is not a signing key (keys create --usage SIGN_VERIFY)");
        }
        return new Resolved(alias, signing);
    }

    /** The signature algorithm given, else the one matching the key: the curve's hash for ECDSA, SHA-256 for RSA. */
    static String signatureAlgorithm(String given, KmsSigningKey key) {
        if (given != null) {
            return given;
        }
        KeySpec spec = key.keySpec();
        return switch (spec) {
            case ECC_NIST_P384 -> "SHA384withECDSA";
            case ECC_NIST_P521 -> "SHA512withECDSA";
            default -> spec.isEcc() ? "SHA256withECDSA" : "SHA256withRSA";
        };
    }

    /** A signer whose every signature is the provider's Signature service over the KMS key (one KMS Sign). */
    static ContentSigner signer(KmsSession session, KmsSigningKey key, String algorithm) throws UsageException {
        try {
            return new JcaContentSignerBuilder(algorithm).setProvider(session.provider()).build(key);
        } catch (OperatorCreationException | IllegalArgumentException e) {
            throw new UsageException("--sigalg " + algorithm + " cannot sign with " + key.keySpec() + " keys ("
                    + e.getMessage() + ")", e);
        }
    }

    /** The subject read as keytool -dname and the JDK read it (RFC 2253: "CN=host,O=Org", the CN last encoded). */
    static X500Name subject(String subject) throws UsageException {
        try {
            return X500Name.getInstance(new X500Principal(subject).getEncoded());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--subject is not an X.500 name (like \"CN=example.com,O=Example\"): " + subject,
                    e);
        }
    }

    /** Installs the chain for the alias and writes the KeyStore's certificates; a refused chain changes nothing. */
    static void install(KmsSession session, Resolved r, Certificate[] chain)
            throws UsageException, IOException, GeneralSecurityException {
        try {
            session.keyStore().setKeyEntry(r.alias(), r.key(), null, chain);
        } catch (KeyStoreException e) {
            throw new UsageException(r.alias() + ": " + e.getMessage(), e);
        }
        // store() writes the certificates file (and the configuration, to a stream this command does not need)
        session.keyStore().store(OutputStream.nullOutputStream(), null);
    }
}
