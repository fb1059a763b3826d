package org.envelopejca.message;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.envelopejca.keyring.DataKey;
import org.envelopejca.keyring.EncryptionContextCodec;
import org.envelopejca.keyring.EncryptionMaterials;
import org.envelopejca.keyring.Keyring;
import org.envelopejca.keyring.KeyringException;

/**
 * Writes messages as a stream: {@link #start()} gets a data key and builds the header, {@link #update} emits the
 * header and every complete frame, {@link #finish} the final frame and the signature. Always framed; a plaintext
 * that is an exact multiple of the frame length ends with an empty final frame, as the ESDK writes it.
 * Spec: client-apis/encrypt.md, data-format/message-body.md, data-format/message-footer.md.
 *
 * <p>Not thread-safe: one instance per Cipher. Instances are reused across messages.
 */
public final class MessageEncryptor {
    private static final int REGULAR_FRAME_OVERHEAD = 4 + AlgorithmSuite.IV_LENGTH + AlgorithmSuite.TAG_LENGTH;
    private static final int FINAL_FRAME_OVERHEAD = 4 + 4 + AlgorithmSuite.IV_LENGTH + 4 + AlgorithmSuite.TAG_LENGTH;
    private static final int FINAL_FRAME_MARKER = 0xFFFFFFFF;

    private final EncryptionSettings settings;
    private final Keyring keyring;
    private final SecureRandom random;
    private final KeyDerivation derivation;
    private final AesGcm gcm;
    private final Ecdsa signer;
    private final byte[] frameIv = new byte[AlgorithmSuite.IV_LENGTH];
    /** The serialized required context; and, for suites without a signature key, the context as it is every time. */
    private final byte[] requiredContextBytes;
    private final Map<String, String> fixedFullContext;
    private final byte[] fixedStoredContextBytes;

    // Per message.
    private boolean started;
    private MessageHeader header;
    private byte[] headerBytes;
    private boolean headerWritten;
    private AesKey key;
    private BodyAad aad;
    private long sequenceNumber;
    private byte[] buffer = new byte[0];
    private int buffered;
    private long plaintextBytes;

    public MessageEncryptor(EncryptionSettings settings, Keyring keyring, SecureRandom random) {
        this(settings, keyring, random, new Primitives());
    }

    /** A writer that uses (and, messages apart, shares) the caller's primitives. */
    public MessageEncryptor(EncryptionSettings settings, Keyring keyring, SecureRandom random, Primitives primitives) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.random = Objects.requireNonNull(random, "random");
        this.derivation = primitives.derivation;
        this.gcm = primitives.gcm;
        this.signer = settings.suite().isSigning() ? primitives.signature(settings.suite()) : null;
        this.requiredContextBytes = EncryptionContextCodec.serialize(settings.requiredEncryptionContext());
        if (signer == null) {
            fixedFullContext = EncryptionSettings.merged(settings.encryptionContext(),
                    settings.requiredEncryptionContext());
            fixedStoredContextBytes = EncryptionContextCodec.serialize(settings.encryptionContext());
        } else {
            fixedFullContext = null;
            fixedStoredContextBytes = null;
        }
    }


    public EncryptionSettings settings() {
        return settings;
    }

    /** Whether a message is under way (started and not finished). */
    public boolean isStarted() {
        return started;
    }

    /**
     * Starts a message: fresh message ID, data key from the keyring, derived key, header with its authentication
     * tag (and, for signing suites, a fresh signing key whose public half goes into the encryption context).
     */
    public void start() throws DataKeyException, MessageFormatException {
        abandon();
        AlgorithmSuite suite = settings.suite();
        Map<String, String> stored = settings.encryptionContext();
        Map<String, String> full = fixedFullContext;
        byte[] storedBytes = fixedStoredContextBytes;
        // the message ID first: the same randomness gives the same ID whichever backend draws the signing key
        byte[] messageId = new byte[suite.messageFormatVersion() == 1 ? 16 : 32];
        random.nextBytes(messageId);
        TrailingSignature.SigningKey signingKey = null;
        if (suite.isSigning()) {
            // Spec: framework/default-cmm.md: the signing suites add the verification key to the context.
            signingKey = signer.generateKey(random);
            Map<String, String> withKey = new HashMap<>(stored);
            withKey.put(TrailingSignature.PUBLIC_KEY_CONTEXT_KEY, signingKey.encodedPublicKey());
            stored = Map.copyOf(withKey);
            full = EncryptionSettings.merged(stored, settings.requiredEncryptionContext());
            storedBytes = EncryptionContextCodec.serialize(stored);
        }

        EncryptionMaterials materials;
        try {
            materials = keyring.onEncrypt(EncryptionMaterials.initial(suite.id(), suite.dataKeyLength(), full));
        } catch (KeyringException e) {
            throw new DataKeyException("no data key: " + e.getMessage(), keyring.keyDescriptions(), e);
        }
        DataKey dataKey = materials.dataKey();
        if (dataKey == null || materials.encryptedDataKeys().isEmpty()) {
            throw new DataKeyException("the keyring produced no data key", keyring.keyDescriptions(), null);
        }
        KeyDerivation.Derived derived;
        try {
            if (materials.encryptedDataKeys().size() > settings.maxEncryptedDataKeys()) {
                throw new MessageFormatException("the keyring produced " + materials.encryptedDataKeys().size()
                        + " encrypted data keys, more than the limit of " + settings.maxEncryptedDataKeys());
            }
            derived = derivation.derive(suite, dataKey.bytes(), messageId);
        } finally {
            dataKey.destroy();
        }

        // The whole header in one array: body, then (v1) the IV of 12 zero bytes, then the tag.
        int ivLength = suite.messageFormatVersion() == 1 ? AlgorithmSuite.IV_LENGTH : 0;
        headerBytes = HeaderWriter.body(suite, messageId, storedBytes, materials.encryptedDataKeys(),
                settings.frameLength(), derived.commitment(), ivLength + AlgorithmSuite.TAG_LENGTH);
        int bodyLength = headerBytes.length - ivLength - AlgorithmSuite.TAG_LENGTH;
        // Spec: message-header.md, header authentication: AAD = header body || serialized required context;
        // IV = 12 zero bytes (v1 stores that IV in the header).
        byte[] headerIv = new byte[AlgorithmSuite.IV_LENGTH];
        gcm.sealTag(derived.encryptionKey(), headerIv, headerBytes, bodyLength, requiredContextBytes, headerBytes,
                bodyLength + ivLength);
        byte[] tag = Arrays.copyOfRange(headerBytes, bodyLength + ivLength, headerBytes.length);
        header = new MessageHeader(suite.messageFormatVersion(), suite, messageId, stored, materials.encryptedDataKeys(),
                ContentType.FRAMED, settings.frameLength(), ivLength == 0 ? null : headerIv, derived.commitment(), tag,
                Arrays.copyOf(headerBytes, bodyLength));
        key = derived.encryptionKey();
        aad = new BodyAad(messageId);
        sequenceNumber = 1;
        buffered = 0;
        plaintextBytes = 0;
        headerWritten = false;
        if (signer != null) {
            signer.initSign(signingKey, random);
        }
        started = true;
    }

    /** The header of the message under way (or of the last one). */
    public MessageHeader header() {
        return header;
    }

    /** The most bytes {@code update} ({@code finish == false}) or {@code finish} can write for {@code inputLen} more. */
    public long maxOutputLength(long inputLen, boolean finish) {
        requireStarted();
        long total = buffered + inputLen;
        int frameLength = settings.frameLength();
        long out = headerWritten ? 0 : headerBytes.length;
        out += (total / frameLength) * (frameLength + REGULAR_FRAME_OVERHEAD);
        if (finish) {
            out += total % frameLength + FINAL_FRAME_OVERHEAD;
            if (signer != null) {
                out += 2 + TrailingSignature.MAX_SIGNATURE_LENGTH;
            }
        }
        return out;
    }

    /** Encrypts what completes frames, buffers the rest; returns the bytes written to {@code out}. */
    public int update(byte[] in, int off, int len, byte[] out, int outOff) {
        requireStarted();
        plaintextBytes += len;
        int pos = outOff;
        if (!headerWritten) {
            System.arraycopy(headerBytes, 0, out, pos, headerBytes.length);
            sign(out, pos, headerBytes.length);
            pos += headerBytes.length;
            headerWritten = true;
        }
        int frameLength = settings.frameLength();
        if (buffered > 0) {
            int take = Math.min(frameLength - buffered, len);
            ensureBuffer(buffered + take);
            System.arraycopy(in, off, buffer, buffered, take);
            buffered += take;
            off += take;
            len -= take;
            if (buffered < frameLength) {
                return pos - outOff;
            }
            pos += sealRegularFrame(buffer, 0, out, pos);
            buffered = 0;
        }
        while (len >= frameLength) {
            pos += sealRegularFrame(in, off, out, pos);
            off += frameLength;
            len -= frameLength;
        }
        if (len > 0) {
            ensureBuffer(len);
            System.arraycopy(in, off, buffer, 0, len);
            buffered = len;
        }
        return pos - outOff;
    }

    /** Encrypts the rest, writes the final frame and the footer, and ends the message; returns the bytes written. */
    public int finish(byte[] in, int off, int len, byte[] out, int outOff) {
        int pos;
        if (buffered == 0) {
            // Nothing held back: the final frame's content is sealed straight from the input, not copied into the
            // buffer first (and zeroed there after): the whole of a message shorter than a frame.
            int rest = len % settings.frameLength();
            pos = outOff + update(in, off, len - rest, out, outOff);
            plaintextBytes += rest;
            pos += sealFinalFrame(in, off + len - rest, rest, out, pos);
        } else {
            pos = outOff + update(in, off, len, out, outOff);
            pos += sealFinalFrame(buffer, 0, buffered, out, pos);
        }
        if (signer != null) {
            // Spec: message-footer.md: u16 signature length, DER signature over header and body.
            byte[] signature = signer.sign();
            Bytes.putU16(out, pos, signature.length);
            System.arraycopy(signature, 0, out, pos + 2, signature.length);
            pos += 2 + signature.length;
        }
        abandon();
        keyring.onMessageEncrypted(header.encryptedDataKeys(), plaintextBytes);
        return pos - outOff;
    }

    /** Drops the message under way and zeroes its key. */
    public void abandon() {
        if (key != null) {
            key.destroy();
            key = null;
        }
        if (buffered > 0) {
            Arrays.fill(buffer, 0, buffered, (byte) 0);
            buffered = 0;
        }
        started = false;
    }

    // Spec: message-body.md, regular frame: sequence number, IV, encrypted content, tag.
    private int sealRegularFrame(byte[] in, int off, byte[] out, int outOff) {
        checkSequenceNumber();
        int frameLength = settings.frameLength();
        Bytes.putU32(out, outOff, sequenceNumber);
        writeIv(out, outOff + 4);
        int aadLength = aad.fill(BodyAad.FRAME, sequenceNumber, frameLength);
        gcm.seal(key, frameIv, aad.buffer(), aadLength, in, off, frameLength, out, outOff + 4 + AlgorithmSuite.IV_LENGTH);
        int n = frameLength + REGULAR_FRAME_OVERHEAD;
        sign(out, outOff, n);
        sequenceNumber++;
        return n;
    }

    // Spec: message-body.md, final frame: end marker, sequence number, IV, content length, content, tag.
    private int sealFinalFrame(byte[] in, int inOff, int len, byte[] out, int outOff) {
        checkSequenceNumber();
        Bytes.putU32(out, outOff, FINAL_FRAME_MARKER);
        Bytes.putU32(out, outOff + 4, sequenceNumber);
        writeIv(out, outOff + 8);
        Bytes.putU32(out, outOff + 8 + AlgorithmSuite.IV_LENGTH, len);
        int aadLength = aad.fill(BodyAad.FINAL_FRAME, sequenceNumber, len);
        gcm.seal(key, frameIv, aad.buffer(), aadLength, in, inOff, len, out, outOff + FINAL_FRAME_OVERHEAD - AlgorithmSuite.TAG_LENGTH);
        int n = len + FINAL_FRAME_OVERHEAD;
        sign(out, outOff, n);
        return n;
    }

    /** Spec: message-body.md, IV: encryptors write 8 zero bytes and the u32 sequence number. */
    private void writeIv(byte[] out, int off) {
        Bytes.putU32(frameIv, 8, sequenceNumber);
        System.arraycopy(frameIv, 0, out, off, AlgorithmSuite.IV_LENGTH);
    }

    private void checkSequenceNumber() {
        if (sequenceNumber > MessageLimits.MAX_FRAMES) {
            throw new IllegalStateException("message exceeds 2^32 - 2 frames; use a larger frame length");
        }
    }

    private void sign(byte[] b, int off, int len) {
        if (signer != null) {
            signer.update(b, off, len);
        }
    }

    private void ensureBuffer(int needed) {
        if (buffer.length < needed) {
            int size = (int) Math.min(settings.frameLength(), Math.max(needed, 2L * buffer.length));
            byte[] old = buffer;
            buffer = Arrays.copyOf(old, size);
            Arrays.fill(old, (byte) 0);
        }
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("no message under way: call start()");
        }
    }
}
