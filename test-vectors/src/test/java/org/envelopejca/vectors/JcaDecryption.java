package org.envelopejca.vectors;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import org.envelopejca.EnvelopeDecryptionException;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.WrappingKey;
import org.envelopejca.cipher.EnvelopeCipher;
import org.envelopejca.message.CommitmentPolicy;

/**
 * A decrypt manifest test mapped onto the JCA API: the first usable master key is the {@code init} key, the others
 * are additional keys of the spec. Keys whose keys-manifest entry is not for decryption (RSA public keys) are left
 * out, as a decryptor holding only that key could never open its data key.
 *
 * <p>The provider takes the required-context entry {@link EnvelopeCipher#AAD_CONTEXT_KEY} only as {@code updateAAD}
 * bytes (base64 of them is the entry's value), so that entry of a test's context becomes {@code updateAAD}.
 *
 * @param initKey the key given to {@code Cipher.init}
 * @param spec    the decryption parameters
 * @param aad     bytes for {@code updateAAD}, or null
 */
public record JcaDecryption(Key initKey, EnvelopeParameterSpec spec, byte[] aad) {

    static final Provider PROVIDER = new EnvelopeProvider();
    static final String TRANSFORMATION = "Envelope/AES-GCM/NoPadding";

    /** The plan for a test, or why this runner cannot decrypt it (the reason names key types, never key bytes). */
    public record Plan(Optional<JcaDecryption> decryption, String skipReason) {
    }

    /** Decryption of the messages of any suite, as the public vectors cover all 11. */
    public static Plan plan(DecryptTestCase test, KeysManifest keys) {
        if (test.unsupportedKeyring() != null) {
            return new Plan(Optional.empty(), "uses " + test.unsupportedKeyring());
        }
        List<WrappingKey> usable = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (MasterKeySpec mk : test.masterKeys()) {
            KeyEntry entry = keys.key(mk.key()).orElseThrow(
                    () -> new IllegalStateException("test " + test.id() + " names key " + mk.key()
                            + ", which the keys manifest lacks"));
            if (!mk.isRaw()) {
                unusable.add(mk.type() + " key " + mk.key());
                continue;
            }
            if (!entry.decrypt()) {
                continue;
            }
            Optional<Key> jca = entry.jcaKey();
            if (jca.isEmpty()) {
                unusable.add(entry.type() + " key " + mk.key());
                continue;
            }
            usable.add(new WrappingKey(jca.get(), mk.providerId(), entry.keyId(),
                    "rsa".equals(mk.encryptionAlgorithm()) ? mk.rsaPadding() : WrappingKey.DEFAULT_RSA_PADDING));
        }
        if (usable.isEmpty()) {
            return new Plan(Optional.empty(), "no raw decryption key; needs " + String.join(", ", unusable));
        }
        WrappingKey first = usable.get(0);
        Map<String, String> context = new HashMap<>(test.encryptionContext());
        String aad = context.remove(EnvelopeCipher.AAD_CONTEXT_KEY);
        EnvelopeParameterSpec.Builder spec = EnvelopeParameterSpec.builder()
                .commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
                .encryptionContext(context)
                .keyNamespace(first.namespace())
                .keyName(first.name())
                .rsaPadding(first.padding());
        usable.subList(1, usable.size()).forEach(spec::additionalKey);
        return new Plan(Optional.of(new JcaDecryption(first.key(), spec.build(),
                aad == null ? null : Base64.getDecoder().decode(aad))), null);
    }

    public Cipher newCipher() throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(TRANSFORMATION, PROVIDER);
        c.init(Cipher.DECRYPT_MODE, initKey, spec);
        if (aad != null) {
            c.updateAAD(aad);
        }
        return c;
    }

    /** One {@code doFinal} over the whole message. */
    public byte[] decryptWhole(byte[] message) throws GeneralSecurityException {
        return newCipher().doFinal(message);
    }

    /**
     * Streams the message through a {@link CipherInputStream} whose source yields at most {@code inChunk} bytes per
     * read, reading the plaintext {@code outChunk} bytes at a time.
     */
    public byte[] decryptStreaming(byte[] message, int inChunk, int outChunk) throws GeneralSecurityException,
            IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new CipherInputStream(new ChunkedInputStream(message, inChunk), newCipher())) {
            byte[] buf = new byte[outChunk];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        }
        return out.toByteArray();
    }

    /**
     * The JCA exception behind a streaming failure: {@code update} reports it inside an
     * {@link EnvelopeDecryptionException}, {@code CipherInputStream} wraps the one of {@code doFinal} in an
     * {@link IOException}. Returns the throwable itself when it wraps nothing of the kind.
     */
    public static Throwable unwrapStreamingFailure(Throwable t) {
        if ((t instanceof EnvelopeDecryptionException || t instanceof IOException)
                && t.getCause() instanceof GeneralSecurityException cause) {
            return cause;
        }
        return t;
    }

    /** Caps every read of a message at a few bytes, so that the cipher sees many small updates. */
    private static final class ChunkedInputStream extends FilterInputStream {
        private final int chunk;

        ChunkedInputStream(byte[] data, int chunk) {
            super(new ByteArrayInputStream(data));
            this.chunk = chunk;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, chunk));
        }
    }
}
