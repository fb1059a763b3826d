package org.envelopejca.keyring;

/** Padding schemes of the raw RSA keyring. Spec: framework/raw-rsa-keyring.md (supported padding schemes). */
public enum RsaPadding {
    PKCS1("RSA/ECB/PKCS1Padding", null),
    OAEP_SHA1_MGF1("RSA/ECB/OAEPPadding", "SHA-1"),
    OAEP_SHA256_MGF1("RSA/ECB/OAEPPadding", "SHA-256"),
    OAEP_SHA384_MGF1("RSA/ECB/OAEPPadding", "SHA-384"),
    OAEP_SHA512_MGF1("RSA/ECB/OAEPPadding", "SHA-512");

    private final String transformation;
    private final String oaepHash;

    RsaPadding(String transformation, String oaepHash) {
        this.transformation = transformation;
        this.oaepHash = oaepHash;
    }

    public String transformation() { return transformation; }

    /** The OAEP hash (MGF1 uses the same hash, empty label), or null for PKCS #1 v1.5. */
    public String oaepHash() { return oaepHash; }
}
