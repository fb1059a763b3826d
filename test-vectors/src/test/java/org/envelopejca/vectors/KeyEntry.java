package org.envelopejca.vectors;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * One entry of a keys manifest (test vector framework, features/0002-keys.md).
 *
 * @param name      the entry's name in the manifest, which master-key descriptions refer to
 * @param keyId     the raw key name written into messages ("key-id"; the entry name when absent)
 * @param type      symmetric, private, public, aws-kms, ...
 * @param algorithm aes, rsa, ... (null for KMS keys)
 * @param encoding  base64 (symmetric) or pem (RSA)
 * @param material  the key material in that encoding
 * @param decrypt   whether the key may be used to decrypt
 */
public record KeyEntry(String name, String keyId, String type, String algorithm, String encoding, String material,
                       boolean decrypt) {

    /** The JCA key when this entry is a raw AES or RSA key we can build; empty for KMS and other key types. */
    public Optional<Key> jcaKey() {
        if (material == null || algorithm == null) {
            return Optional.empty();
        }
        try {
            if ("aes".equals(algorithm) && "symmetric".equals(type) && "base64".equals(encoding)) {
                return Optional.of(new SecretKeySpec(Base64.getDecoder().decode(material), "AES"));
            }
            if ("rsa".equals(algorithm) && "pem".equals(encoding)) {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                if ("private".equals(type)) {
                    return Optional.of(rsa.generatePrivate(new PKCS8EncodedKeySpec(pemBody(material, "PRIVATE KEY"))));
                }
                if ("public".equals(type)) {
                    return Optional.of(rsa.generatePublic(new X509EncodedKeySpec(pemBody(material, "PUBLIC KEY"))));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key entry " + name + " does not hold a valid " + algorithm + " key", e);
        }
        return Optional.empty();
    }

    /** DER bytes of a single-block PEM text with the given label (PKCS #8 private or X.509 public key). */
    static byte[] pemBody(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("not a PEM " + label);
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }

    static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    @Override
    public String toString() {
        return "KeyEntry[" + name + ", keyId=" + keyId + ", type=" + type + ", algorithm=" + algorithm + "]";
    }
}
