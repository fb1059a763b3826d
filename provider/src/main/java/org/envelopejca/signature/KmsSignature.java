package org.envelopejca.signature;

import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.envelopejca.KmsOperationException;
import org.envelopejca.keystore.KmsSigningKey;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.MessageType;
import org.envelopejca.kms.SignResult;
import org.envelopejca.kms.SigningAlgorithm;

/**
 * One JCA signature algorithm over a KMS signing key: the message is hashed here, and its digest is what KMS signs
 * (MessageType DIGEST), so any message length costs exactly one KMS Sign call, at {@link #engineSign()}.
 *
 * <p>Signing only: a public key belongs to the JDK's providers, which verify without KMS (the services'
 * SupportedKeyClasses keep public keys from being offered here). RSASSA-PSS takes its parameters before or after
 * {@code initSign}, as the JDK's TLS stack and keytool set them; only KMS's parameter sets are accepted.
 */
public final class KmsSignature extends SignatureSpi {
    private final SigningAlgorithm.Scheme scheme;
    /** The digest of a fixed-digest algorithm ({@code SHA256withRSA}); null for RSASSA-PSS until parameters come. */
    private final SigningAlgorithm fixed;
    private SigningAlgorithm algorithm;
    private PSSParameterSpec pssSpec;
    private MessageDigest digest;
    private KmsSigningKey key;

    /** An algorithm with a fixed digest (PKCS#1 v1.5, ECDSA) or, with {@code null}, RSASSA-PSS. */
    KmsSignature(SigningAlgorithm.Scheme scheme, SigningAlgorithm fixed) {
        this.scheme = scheme;
        this.fixed = fixed;
        this.algorithm = fixed;
        if (fixed != null) {
            this.digest = newDigest(fixed);
        }
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        if (!(privateKey instanceof KmsSigningKey k)) {
            throw new InvalidKeyException("Envelope signs only with KMS signing keys (a PrivateKeyEntry of the KMS "
                    + "KeyStore); got " + (privateKey == null ? "null" : privateKey.getClass().getName()));
        }
        boolean rsa = scheme != SigningAlgorithm.Scheme.ECDSA;
        if (rsa != k.keySpec().isRsa() || !rsa && !k.keySpec().isEcc()) {
            throw new InvalidKeyException((rsa ? "an RSA" : "an ECDSA") + " signature needs " + (rsa ? "an RSA" : "an EC")
                    + " key; " + k.name() + " is " + k.keySpec());
        }
        if (k.isDestroyed()) {
            throw new InvalidKeyException("the KMS signing key handle " + k.name() + " is destroyed");
        }
        this.key = k;
        if (digest != null) {
            digest.reset();
        }
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        throw new InvalidKeyException("Envelope does not verify: public keys are verified by the JDK's providers");
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        ready().update(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        ready().update(b, off, len);
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
        if (key == null || digest == null) {
            // SignatureSpi's contract gives this overload no checked exception.
            throw new ProviderException(key == null ? "not initialized for signing" : "RSASSA-PSS parameters not set");
        }
        digest.update(input);
    }

    /**
     * KMS Sign of the digest. Afterwards the object is ready for a new signature with the same key (JCA contract).
     * A KMS failure is a SignatureException whose cause is a {@link KmsOperationException} with the KMS error code.
     */
    @Override
    protected byte[] engineSign() throws SignatureException {
        MessageDigest d = ready();
        SigningAlgorithm kmsAlgorithm = algorithm;
        byte[] hash = d.digest();
        if (scheme == SigningAlgorithm.Scheme.ECDSA) {
            kmsAlgorithm = key.signingAlgorithms().get(0);
            hash = EcdsaDigest.fit(hash, kmsAlgorithm.digestLength());
        }
        try {
            SignResult r = key.engine().kms().sign(key.keyArn(), hash, MessageType.DIGEST, kmsAlgorithm);
            return r.signature();
        } catch (KmsException e) {
            throw new SignatureException("KMS Sign with " + kmsAlgorithm + " failed: " + e.getMessage(),
                    new KmsOperationException(e.getMessage(), e.code(), e.keyArn() != null ? e.keyArn() : key.keyArn(), e));
        } catch (IllegalStateException e) {
            throw new SignatureException(e.getMessage(), e);
        }
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
        throw new SignatureException("Envelope does not verify: public keys are verified by the JDK's providers");
    }

    @Override
    protected void engineSetParameter(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
        if (fixed != null) {
            if (params != null) {
                throw new InvalidAlgorithmParameterException(fixed.digestAlgorithm() + " " + scheme
                        + " signatures take no parameters");
            }
            return;
        }
        SigningAlgorithm chosen = PssParameters.algorithm(params);
        if (digest != null && algorithm != chosen) {
            // New parameters start a new signature, as the JDK's RSASSA-PSS does.
            digest = null;
        }
        algorithm = chosen;
        pssSpec = (PSSParameterSpec) params;
        digest = digest == null ? newDigest(chosen) : digest;
        digest.reset();
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        if (pssSpec == null) {
            return null;
        }
        try {
            // The JDK's own encoding of the parameters, which certificate and CSR builders put in the AlgorithmIdentifier.
            AlgorithmParameters p = AlgorithmParameters.getInstance("RSASSA-PSS");
            p.init(new PSSParameterSpec(algorithm.digestAlgorithm(), "MGF1",
                    new MGF1ParameterSpec(algorithm.digestAlgorithm()), algorithm.digestLength(),
                    PSSParameterSpec.TRAILER_FIELD_BC));
            return p;
        } catch (GeneralSecurityException e) {
            throw new ProviderException("RSASSA-PSS parameters unavailable", e);
        }
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) throws InvalidParameterException {
        throw new InvalidParameterException("no named parameters; use setParameter(AlgorithmParameterSpec)");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) throws InvalidParameterException {
        throw new InvalidParameterException("no named parameters");
    }

    private MessageDigest ready() throws SignatureException {
        if (key == null) {
            throw new SignatureException("not initialized for signing");
        }
        if (digest == null) {
            throw new SignatureException("RSASSA-PSS needs its parameters (setParameter with a PSSParameterSpec)");
        }
        return digest;
    }

    private static MessageDigest newDigest(SigningAlgorithm algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.digestAlgorithm());
        } catch (NoSuchAlgorithmException e) {
            throw new ProviderException(algorithm.digestAlgorithm() + " unavailable", e);
        }
    }
}
