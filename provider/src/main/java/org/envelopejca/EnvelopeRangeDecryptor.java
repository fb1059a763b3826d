package org.envelopejca;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import org.envelopejca.cipher.EnvelopeCipher;
import org.envelopejca.cipher.JcaExceptions;
import org.envelopejca.cipher.Keyrings;
import org.envelopejca.keyring.Keyring;
import org.envelopejca.message.DecryptionSettings;
import org.envelopejca.message.MessageException;
import org.envelopejca.message.MessageRangeReader;
import org.envelopejca.message.Primitives;
import org.envelopejca.message.UnverifiedSignature;

/**
 * Decrypts any part of a message without decrypting it from the start: for a plaintext range it reads and
 * authenticates only the frames that cover it. Takes the keys the {@code Cipher} takes (KMS keys of the KMS
 * KeyStore, raw AES keys, raw RSA private keys, additional keys in the spec) and the same
 * {@link EnvelopeParameterSpec} (expected encryption context, commitment policy, limit on encrypted data keys,
 * discovery, cache use).
 *
 * <pre>{@code
 * EnvelopeRangeDecryptor decryptor = EnvelopeRangeDecryptor.builder(key).parameters(spec).build();
 * try (SeekableByteChannel file = Files.newByteChannel(path);
 *      DecryptedMessageChannel plain = decryptor.open(file)) {   // header + final frame: one unwrap of the data key
 *     plain.position(offset).read(buffer);                       // only the frames under the buffer
 * }
 * byte[] part = decryptor.decrypt(file, offset, length);          // the same, in one call
 * }</pre>
 *
 * <p>Opening a message verifies its header (one KMS call, or a data-key cache hit) and its final frame at the place
 * the header and the channel's size give it: a message cut or extended anywhere is refused at open, even when no
 * read touches its end, at the cost of reading and authenticating that one frame. Every frame read is checked
 * against the sequence number its position gives, and plaintext is released only from frames whose tag verified.
 * Memory per open message: one frame of ciphertext and one of plaintext.
 *
 * <p>Only framed messages can be read in part. Messages of signing suites are refused unless the decryptor was
 * built with {@link Builder#readSignedMessagesWithoutVerifyingSignature()}: their signature covers the whole
 * message, so a range read cannot check it.
 *
 * <p>Exceptions as from the Cipher: {@link #open} and {@link #decrypt} throw {@link AEADBadTagException} for a
 * tampered, cut or extended message, wrong context or commitment mismatch; {@link MalformedMessageException} for a
 * malformed, non-framed or refused signed message; {@link DataKeyUnavailableException} when no data key opens;
 * {@link KmsOperationException} for KMS failures. Reads from a {@link DecryptedMessageChannel} throw
 * {@link EnvelopeDecryptionException} whose cause is one of these.
 *
 * <p>Thread-safe: one decryptor may open messages from any number of threads (each open builds its own keyring
 * over the key, so KMS keys share their KeyStore's data-key cache). Each channel it returns serializes its own
 * calls.
 */
public final class EnvelopeRangeDecryptor {

    private final Key key;
    private final EnvelopeParameterSpec spec;
    private final DecryptionSettings settings;
    private final UnverifiedSignature signed;
    private final SecureRandom random = new SecureRandom();

    private EnvelopeRangeDecryptor(Builder b) throws InvalidKeyException, InvalidAlgorithmParameterException {
        this.key = b.key;
        this.spec = b.spec;
        this.signed = b.signed;
        if (spec.encryptionContext().containsKey(EnvelopeCipher.AAD_CONTEXT_KEY)) {
            throw new InvalidAlgorithmParameterException("encryption context key " + EnvelopeCipher.AAD_CONTEXT_KEY
                    + " is reserved for the AAD: give it with Builder.aad");
        }
        Map<String, String> expected = new HashMap<>(spec.encryptionContext());
        if (b.aad != null) {
            // The Cipher binds updateAAD bytes as this required context entry; a range read supplies them the same way.
            expected.put(EnvelopeCipher.AAD_CONTEXT_KEY, Base64.getEncoder().encodeToString(b.aad));
        }
        try {
            this.settings = new DecryptionSettings(spec.commitmentPolicy(), spec.maxEncryptedDataKeys(), expected);
        } catch (IllegalArgumentException e) {
            throw new InvalidAlgorithmParameterException(e.getMessage(), e);
        }
        keyring(); // an unusable key fails here, as at Cipher.init
    }

    /** A decryptor with the default parameters: signed messages refused. */
    public static EnvelopeRangeDecryptor of(Key key, EnvelopeParameterSpec spec)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        return builder(key).parameters(spec).build();
    }

    public static Builder builder(Key key) {
        return new Builder(key);
    }

    /**
     * Opens the message that fills {@code message} (from byte 0 to its size) for reading any part of it. The channel
     * returned reads from {@code message} and does not close it; the caller keeps it open while reading.
     */
    public DecryptedMessageChannel open(SeekableByteChannel message) throws IOException, GeneralSecurityException {
        return new DecryptedMessageChannel(reader(message), spec);
    }

    /**
     * The plaintext bytes {@code offset .. offset + length - 1} of the message in {@code message}; fewer when the
     * plaintext ends before (none when {@code offset} is at or past its end). Opens the message as {@link #open}
     * does, then reads only the frames under the range.
     */
    public byte[] decrypt(SeekableByteChannel message, long offset, int length)
            throws IOException, GeneralSecurityException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative");
        }
        try (MessageRangeReader reader = reader(message)) {
            int n = (int) Math.max(0, Math.min(length, reader.plaintextLength() - offset));
            byte[] out = new byte[n];
            try {
                reader.read(offset, out, 0, n);
            } catch (MessageException e) {
                throw JcaExceptions.toJca(e);
            }
            return out;
        }
    }

    private MessageRangeReader reader(SeekableByteChannel message) throws IOException, GeneralSecurityException {
        Objects.requireNonNull(message, "message");
        try {
            return MessageRangeReader.open(message, settings, keyring(), new Primitives(), signed);
        } catch (MessageException e) {
            throw JcaExceptions.toJca(e);
        }
    }

    private Keyring keyring() throws InvalidKeyException, InvalidAlgorithmParameterException {
        return Keyrings.forInit(false, key, spec, random);
    }

    /** Builds a decryptor: the key, then optionally the parameters, AAD and the signed-message opt-in. */
    public static final class Builder {
        private final Key key;
        private EnvelopeParameterSpec spec = EnvelopeParameterSpec.defaults();
        private UnverifiedSignature signed = UnverifiedSignature.REFUSE;
        private byte[] aad;

        private Builder(Key key) {
            this.key = Objects.requireNonNull(key, "key");
        }

        /** The same parameters a decrypting Cipher takes (expected context, commitment policy, EDK limit...). */
        public Builder parameters(EnvelopeParameterSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
            return this;
        }

        /** The bytes given to {@code Cipher.updateAAD} when the message was written. */
        public Builder aad(byte[] aad) {
            if (aad.length > EnvelopeCipher.MAX_AAD_LENGTH) {
                throw new IllegalArgumentException("more than " + EnvelopeCipher.MAX_AAD_LENGTH + " AAD bytes");
            }
            this.aad = aad.clone();
            return this;
        }

        /**
         * Reads messages of signing suites too, WITHOUT checking their signature: each frame read is still
         * authenticated under the data key, so it is what someone able to decrypt the message wrote, but not
         * necessarily what the holder of the signing key signed. Without this, signed messages are refused.
         */
        public Builder readSignedMessagesWithoutVerifyingSignature() {
            this.signed = UnverifiedSignature.ACCEPT;
            return this;
        }

        public EnvelopeRangeDecryptor build() throws InvalidKeyException, InvalidAlgorithmParameterException {
            return new EnvelopeRangeDecryptor(this);
        }
    }
}
