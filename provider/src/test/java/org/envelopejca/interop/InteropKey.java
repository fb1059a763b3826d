package org.envelopejca.interop;

import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import java.security.Key;
import java.security.KeyPair;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.WrappingKey;
import org.envelopejca.keyring.RsaPadding;
import org.envelopejca.properties.EnvelopeArbitraries;
import org.envelopejca.properties.Messages;
import org.envelopejca.properties.RsaKeys;

/**
 * One raw wrapping key seen from both sides: as our {@code init} key or {@link WrappingKey}, and as the ESDK's
 * {@link JceMasterKey} with the same key namespace (the ESDK's provider ID) and key name (its key ID).
 * {@link #toString()} never shows key material.
 *
 * @param kind      the key type and padding
 * @param aesKey    the AES key, for AES kinds
 * @param rsaPair   the RSA pair, for RSA kinds
 * @param namespace the key namespace
 * @param name      the key name
 */
record InteropKey(Kind kind, SecretKey aesKey, KeyPair rsaPair, String namespace, String name) {

    /** Key types and paddings, with the JCE transformation that names them to the ESDK's JceMasterKey. */
    enum Kind {
        AES_128(16, null, "AES/GCM/NoPadding"),
        AES_192(24, null, "AES/GCM/NoPadding"),
        AES_256(32, null, "AES/GCM/NoPadding"),
        RSA_OAEP_SHA1(0, RsaPadding.OAEP_SHA1_MGF1, "RSA/ECB/OAEPWithSHA-1AndMGF1Padding"),
        RSA_OAEP_SHA256(0, RsaPadding.OAEP_SHA256_MGF1, "RSA/ECB/OAEPWithSHA-256AndMGF1Padding"),
        RSA_PKCS1(0, RsaPadding.PKCS1, "RSA/ECB/PKCS1Padding");

        final int aesKeyLength;
        final RsaPadding padding;
        final String esdkTransformation;

        Kind(int aesKeyLength, RsaPadding padding, String esdkTransformation) {
            this.aesKeyLength = aesKeyLength;
            this.padding = padding;
            this.esdkTransformation = esdkTransformation;
        }

        boolean isRsa() {
            return padding != null;
        }
    }

    static InteropKey of(Kind kind, long seed, String namespace, String name) {
        return kind.isRsa()
                ? new InteropKey(kind, null, RsaKeys.first(), namespace, name)
                : new InteropKey(kind, new SecretKeySpec(Messages.plaintext(seed, kind.aesKeyLength), "AES"), null,
                        namespace, name);
    }

    /** Any kind, any key, any namespace and name. */
    static Arbitrary<InteropKey> any() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.longs(), EnvelopeArbitraries.keyNames(),
                EnvelopeArbitraries.keyNames()).as(InteropKey::of);
    }

    Key encryptionKey() {
        return kind.isRsa() ? rsaPair.getPublic() : aesKey;
    }

    Key decryptionKey() {
        return kind.isRsa() ? rsaPair.getPrivate() : aesKey;
    }

    RsaPadding padding() {
        return kind.isRsa() ? kind.padding : WrappingKey.DEFAULT_RSA_PADDING;
    }

    /** Names this key as the {@code init} key of a spec. */
    EnvelopeParameterSpec.Builder applyTo(EnvelopeParameterSpec.Builder builder) {
        return builder.keyNamespace(namespace).keyName(name).rsaPadding(padding());
    }

    WrappingKey forEncryption() {
        return new WrappingKey(encryptionKey(), namespace, name, padding());
    }

    WrappingKey forDecryption() {
        return new WrappingKey(decryptionKey(), namespace, name, padding());
    }

    JceMasterKey esdkMasterKey() {
        return kind.isRsa()
                ? JceMasterKey.getInstance(rsaPair.getPublic(), rsaPair.getPrivate(), namespace, name, kind.esdkTransformation)
                : JceMasterKey.getInstance(aesKey, namespace, name, kind.esdkTransformation);
    }

    @Override
    public String toString() {
        return kind + "[" + namespace + "/" + name + "]";
    }
}
