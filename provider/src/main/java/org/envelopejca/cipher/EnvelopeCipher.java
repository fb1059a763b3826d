package org.envelopejca.cipher;

import java.io.ByteArrayOutputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.InvalidParameterSpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.EnvelopeDecryptionException;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.KmsOperationException;
import org.envelopejca.keyring.Keyring;
import org.envelopejca.message.DataKeyException;
import org.envelopejca.message.DecryptionSettings;
import org.envelopejca.message.EncryptionSettings;
import org.envelopejca.message.MessageDecryptor;
import org.envelopejca.message.MessageEncryptor;
import org.envelopejca.message.MessageException;
import org.envelopejca.message.MessageFormatException;
import org.envelopejca.message.MessageHeader;
import org.envelopejca.message.Primitives;

/**
 * The JCA face of the message layer: {@code Envelope/AES-GCM/NoPadding}. It maps modes, keys, buffers and
 * exceptions; the format lives in {@code message/}, the key wrapping in {@code keyring/}.
 *
 * <p>{@code updateAAD} bytes are bound to the message as ESDK required encryption context under the key
 * {@value #AAD_CONTEXT_KEY} (value: base64 of the bytes): not stored, so a reader must supply the same bytes, or an
 * ESDK decrypt must supply that context entry. AAD applies to one message; supply it again after {@code doFinal}.
 */
public final class EnvelopeCipher extends CipherSpi {
    /** Encryption-context key that carries {@code updateAAD} bytes as required (unstored) context. */
    public static final String AAD_CONTEXT_KEY = "envelope-aad";
    /** Most AAD bytes per message: their base64 must fit an encryption-context value with room to spare. */
    public static final int MAX_AAD_LENGTH = 16 * 1024;
    private static final String SIGNATURE_KEY_CONTEXT_KEY = "aws-crypto-public-key";

    private static final class ProviderHolder {
        static final EnvelopeProvider INSTANCE = new EnvelopeProvider();
    }

    /** JDK primitives kept across messages and inits: their getInstance costs more than a small message. */
    private final Primitives primitives = new Primitives();
    private int mode;
    private Key key;
    private Keyring keyring;
    private EnvelopeParameterSpec spec;
    private SecureRandom random;
    private MessageEncryptor encryptor;
    private MessageDecryptor decryptor;
    /** AAD of the message under way; null when none was given. */
    private ByteArrayOutputStream aad;
    /** Whether encryptor/decryptor were built for the current AAD. */
    private boolean settingsCurrent;
    /** Whether message bytes went through update since the last init or doFinal (AAD is then too late). */
    private boolean inMessage;

    @Override
    protected void engineSetMode(String m) throws NoSuchAlgorithmException {
        if (!"AES-GCM".equalsIgnoreCase(m)) {
            throw new NoSuchAlgorithmException("only mode AES-GCM is supported");
        }
    }

    @Override
    protected void engineSetPadding(String padding) throws NoSuchPaddingException {
        if (!"NoPadding".equalsIgnoreCase(padding)) {
            throw new NoSuchPaddingException("only NoPadding is supported");
        }
    }

    @Override
    protected int engineGetBlockSize() {
        return 0;
    }

    @Override
    protected byte[] engineGetIV() {
        return null;
    }

    @Override
    protected int engineGetKeySize(Key key) throws InvalidKeyException {
        if (key instanceof SecretKey && key.getEncoded() != null) {
            return key.getEncoded().length * 8;
        }
        if (key instanceof RSAKey rsa) {
            return rsa.getModulus().bitLength();
        }
        throw new InvalidKeyException("unsupported key");
    }

    @Override
    protected void engineInit(int opmode, Key key, SecureRandom random) throws InvalidKeyException {
        try {
            engineInit(opmode, key, (AlgorithmParameterSpec) null, random);
        } catch (InvalidAlgorithmParameterException e) {
            throw new InvalidKeyException(e.getMessage(), e);
        }
    }

    @Override
    protected void engineInit(int opmode, Key key, AlgorithmParameters params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        try {
            engineInit(opmode, key, params == null ? null : params.getParameterSpec(EnvelopeParameterSpec.class), random);
        } catch (InvalidParameterSpecException e) {
            throw new InvalidAlgorithmParameterException("expected Envelope parameters", e);
        }
    }

    @Override
    protected void engineInit(int opmode, Key key, AlgorithmParameterSpec params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (params != null && !(params instanceof EnvelopeParameterSpec)) {
            throw new InvalidAlgorithmParameterException("expected an EnvelopeParameterSpec, got " + params.getClass().getName());
        }
        if (opmode != Cipher.ENCRYPT_MODE && opmode != Cipher.DECRYPT_MODE && opmode != Cipher.WRAP_MODE
                && opmode != Cipher.UNWRAP_MODE) {
            throw new InvalidAlgorithmParameterException("unknown mode " + opmode);
        }
        EnvelopeParameterSpec s = params == null ? EnvelopeParameterSpec.defaults() : (EnvelopeParameterSpec) params;
        if (s.encryptionContext().containsKey(AAD_CONTEXT_KEY)) {
            throw new InvalidAlgorithmParameterException("encryption context key " + AAD_CONTEXT_KEY + " is reserved for updateAAD");
        }
        SecureRandom r = RandomSource.forInit(random);
        boolean encrypting = opmode == Cipher.ENCRYPT_MODE || opmode == Cipher.WRAP_MODE;
        // Re-initialised with the same key, spec and randomness (one message per init): the keyring is kept.
        boolean sameKeyring = keyring != null && key == this.key && s == this.spec && r == this.random
                && encrypting == encrypting() && !(key instanceof javax.security.auth.Destroyable d && d.isDestroyed());
        Keyring k = sameKeyring ? keyring : Keyrings.forInit(encrypting, key, s, r);
        // With the keyring, the writer of the last init is kept too when it was built without AAD: its settings are
        // checked and its context serialized once, not per message.
        MessageEncryptor reusable = sameKeyring && encrypting && encryptor != null && settingsCurrent && aad == null
                ? encryptor : null;
        // Likewise the reader (reset below, as any reader is between messages).
        MessageDecryptor reusableReader = sameKeyring && !encrypting && decryptor != null && settingsCurrent
                && aad == null ? decryptor : null;
        discardMessage();
        this.mode = opmode;
        this.key = key;
        this.keyring = k;
        this.spec = s;
        this.random = r;
        this.aad = null;
        this.encryptor = reusable;
        this.decryptor = reusableReader;
        if (reusableReader != null) {
            reusableReader.resetForNewInit();
        }
        if (encrypting ? reusable == null : reusableReader == null) {
            try {
                buildForCurrentAad();
            } catch (IllegalArgumentException e) {
                throw new InvalidAlgorithmParameterException(e.getMessage(), e);
            }
        }
        if (encrypting) {
            // Spec: client-apis/encrypt.md: the data key is obtained up front, so an unusable key fails here.
            try {
                encryptor.start();
            } catch (DataKeyException e) {
                KmsOperationException kms = JcaExceptions.kmsFailure(e);
                if (kms != null) {
                    throw kms;
                }
                throw (InvalidKeyException) new InvalidKeyException(e.getMessage()).initCause(e);
            } catch (MessageFormatException e) {
                throw new InvalidAlgorithmParameterException(e.getMessage(), e);
            }
        }
    }

    private boolean encrypting() {
        return mode == Cipher.ENCRYPT_MODE || mode == Cipher.WRAP_MODE;
    }

    /** (Re)builds the message writer or reader for the AAD given so far. */
    private void buildForCurrentAad() {
        Map<String, String> aadContext = aad == null ? Map.of()
                : Map.of(AAD_CONTEXT_KEY, Base64.getEncoder().encodeToString(aad.toByteArray()));
        if (encrypting()) {
            if (encryptor != null) {
                encryptor.abandon();
            }
            // Parameters reported for a signed message carry its signature key; a writer makes a fresh one per
            // message, so that entry (only that one of the reserved ones) is not an error when specs are reused.
            Map<String, String> context = new HashMap<>(spec.encryptionContext());
            context.remove(SIGNATURE_KEY_CONTEXT_KEY);
            encryptor = new MessageEncryptor(new EncryptionSettings(spec.algorithmSuite(), spec.frameLength(),
                    context, aadContext, spec.commitmentPolicy(), spec.maxEncryptedDataKeys()), keyring, random, primitives);
        } else {
            Map<String, String> expected = new HashMap<>(spec.encryptionContext());
            expected.putAll(aadContext);
            decryptor = new MessageDecryptor(new DecryptionSettings(spec.commitmentPolicy(), spec.maxEncryptedDataKeys(),
                    expected), keyring, primitives);
        }
        settingsCurrent = true;
    }

    @Override
    protected void engineUpdateAAD(byte[] src, int offset, int len) {
        requireInitialized();
        if (inMessage) {
            throw new IllegalStateException("updateAAD must come before the message's first update");
        }
        if (aad == null) {
            aad = new ByteArrayOutputStream();
        }
        if (aad.size() + len > MAX_AAD_LENGTH) {
            throw new IllegalArgumentException("more than " + MAX_AAD_LENGTH + " AAD bytes for one message");
        }
        aad.write(src, offset, len);
        settingsCurrent = false;
    }

    /** Makes sure a message can proceed: settings match the AAD, and (encrypting) a message is started. */
    private void ready() {
        requireInitialized();
        if (!settingsCurrent) {
            buildForCurrentAad();
        }
        if (encrypting() && !encryptor.isStarted()) {
            try {
                encryptor.start();
            } catch (DataKeyException | MessageFormatException e) {
                KmsOperationException kms = JcaExceptions.kmsFailure(e);
                throw kms != null ? kms : new ProviderException("cannot start a message: " + e.getMessage(), e);
            }
        }
    }

    @Override
    protected int engineGetOutputSize(int inputLen) {
        ready();
        long n = encrypting() ? encryptor.maxOutputLength(inputLen, true) : decryptor.maxOutputLength(inputLen);
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    private int maxUpdateOutput(int inputLen) {
        long n = encrypting() ? encryptor.maxOutputLength(inputLen, false) : decryptor.maxOutputLength(inputLen);
        if (n > Integer.MAX_VALUE - 8) {
            throw new ProviderException("output would exceed the largest Java array; pass less input per call");
        }
        return (int) n;
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        if (spec == null) {
            return null;
        }
        EnvelopeParameterSpec.Builder b = spec.toBuilder();
        // The message under way, else the last one: the writer or reader holds it.
        MessageHeader h = encrypting() ? (encryptor == null ? null : encryptor.header())
                : (decryptor == null ? null : decryptor.header());
        if (h != null) {
            b.algorithmSuite(h.suite()).encryptionContext(h.encryptionContext()).messageId(h.messageId());
            if (h.frameLength() > 0) {
                b.frameLength(h.frameLength());
            }
        }
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("Envelope", ProviderHolder.INSTANCE);
            params.init(b.build());
            return params;
        } catch (GeneralSecurityException e) {
            throw new ProviderException("Envelope parameters are not available", e);
        }
    }

    @Override
    protected byte[] engineUpdate(byte[] input, int inputOffset, int inputLen) {
        ready();
        byte[] out = new byte[maxUpdateOutput(inputLen)];
        int n = update(input, inputOffset, inputLen, out, 0);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    @Override
    protected int engineUpdate(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
            throws ShortBufferException {
        ready();
        int max = maxUpdateOutput(inputLen);
        if (output == null || output.length - outputOffset < max) {
            throw new ShortBufferException("output buffer needs room for " + max + " bytes");
        }
        return update(input, inputOffset, inputLen, output, outputOffset);
    }

    private int update(byte[] in, int off, int len, byte[] out, int outOff) {
        if (in == null) {
            in = new byte[0];
            off = 0;
            len = 0;
        }
        byte[] src = separate(in, off, len, out);
        int srcOff = src == in ? off : 0;
        inMessage = true;
        if (encrypting()) {
            return encryptor.update(src, srcOff, len, out, outOff);
        }
        try {
            return decryptor.update(src, srcOff, len, out, outOff);
        } catch (MessageException e) {
            throw new EnvelopeDecryptionException(JcaExceptions.toJca(e));
        }
    }

    @Override
    protected byte[] engineDoFinal(byte[] input, int inputOffset, int inputLen)
            throws IllegalBlockSizeException, BadPaddingException {
        ready();
        byte[] out = new byte[engineGetOutputSize(inputLen)];
        int n;
        try {
            n = doFinal(input, inputOffset, inputLen, out, 0);
        } catch (ShortBufferException e) {
            throw new ProviderException("output size was misjudged", e);
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    @Override
    protected int engineDoFinal(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
            throws ShortBufferException, IllegalBlockSizeException, BadPaddingException {
        ready();
        int max = engineGetOutputSize(inputLen);
        if (output == null || output.length - outputOffset < max) {
            throw new ShortBufferException("output buffer needs room for " + max + " bytes");
        }
        return doFinal(input, inputOffset, inputLen, output, outputOffset);
    }

    private int doFinal(byte[] in, int off, int len, byte[] out, int outOff) throws BadPaddingException, ShortBufferException {
        if (in == null) {
            in = new byte[0];
            off = 0;
            len = 0;
        }
        byte[] src = separate(in, off, len, out);
        int srcOff = src == in ? off : 0;
        try {
            if (encrypting()) {
                return encryptor.finish(src, srcOff, len, out, outOff);
            }
            try {
                return decryptor.finish(src, srcOff, len, out, outOff);
            } catch (MessageException e) {
                throw JcaExceptions.toJca(e);
            }
        } finally {
            endMessage();
        }
    }

    /** A copy of the input when it overlaps the output array (in-place calls), else the input itself. */
    private static byte[] separate(byte[] in, int off, int len, byte[] out) {
        if (in == out && len > 0) {
            return Arrays.copyOfRange(in, off, off + len);
        }
        return in;
    }

    private void endMessage() {
        inMessage = false;
        if (aad != null) {
            aad = null;
            settingsCurrent = false;
        }
    }

    private void discardMessage() {
        if (encryptor != null) {
            encryptor.abandon();
        }
        if (decryptor != null) {
            decryptor.reset();
        }
        inMessage = false;
    }

    @Override
    protected byte[] engineWrap(Key key) throws IllegalBlockSizeException, InvalidKeyException {
        byte[] encoded = key == null ? null : key.getEncoded();
        if (encoded == null) {
            throw new InvalidKeyException("the key has no encoding to wrap");
        }
        try {
            return engineDoFinal(encoded, 0, encoded.length);
        } catch (BadPaddingException e) {
            throw new ProviderException("wrapping failed", e);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    @Override
    protected Key engineUnwrap(byte[] wrappedKey, String wrappedKeyAlgorithm, int wrappedKeyType)
            throws InvalidKeyException, NoSuchAlgorithmException {
        byte[] encoded;
        try {
            encoded = engineDoFinal(wrappedKey, 0, wrappedKey.length);
        } catch (GeneralSecurityException e) {
            throw (InvalidKeyException) new InvalidKeyException("cannot unwrap: " + e.getMessage()).initCause(e);
        }
        try {
            switch (wrappedKeyType) {
                case Cipher.SECRET_KEY:
                    return new SecretKeySpec(encoded, wrappedKeyAlgorithm);
                case Cipher.PRIVATE_KEY:
                    return KeyFactory.getInstance(wrappedKeyAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(encoded));
                case Cipher.PUBLIC_KEY:
                    return KeyFactory.getInstance(wrappedKeyAlgorithm).generatePublic(new X509EncodedKeySpec(encoded));
                default:
                    throw new InvalidKeyException("unknown key type " + wrappedKeyType);
            }
        } catch (InvalidKeySpecException e) {
            throw new InvalidKeyException("unwrapped bytes are not a " + wrappedKeyAlgorithm + " key", e);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    private void requireInitialized() {
        if (keyring == null) {
            throw new IllegalStateException("Cipher not initialized");
        }
    }
}
