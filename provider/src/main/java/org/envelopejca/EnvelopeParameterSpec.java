package org.envelopejca;

import java.security.spec.AlgorithmParameterSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.envelopejca.keyring.RsaPadding;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.message.CommitmentPolicy;

/**
 * Parameters of an envelope {@code Cipher}: what goes into (or is expected of) a message.
 * Build with {@link #builder()}; every value has a safe default.
 *
 * <p>After a decryption, {@code Cipher.getParameters()} returns one of these describing the message read:
 * its stored encryption context, suite, frame length and {@link #messageId()}.
 */
public final class EnvelopeParameterSpec implements AlgorithmParameterSpec {

    /** Frame length written when none is given: 64 KiB (see the README for the measurement behind it). */
    public static final int DEFAULT_FRAME_LENGTH = 64 * 1024;
    /** Largest frame length accepted, written or read: bounds the memory a decryption needs. */
    public static final int MAX_FRAME_LENGTH = org.envelopejca.message.MessageLimits.MAX_FRAME_LENGTH;
    /** Encrypted data keys allowed in a message when no limit is given. */
    public static final int DEFAULT_MAX_ENCRYPTED_DATA_KEYS = 16;
    /** The ESDK's own encoding limit on the count of encrypted data keys. */
    public static final int MAX_ENCRYPTED_DATA_KEYS = 65_535;

    private final Map<String, String> encryptionContext;
    private final AlgorithmSuite algorithmSuite;
    private final int frameLength;
    private final CommitmentPolicy commitmentPolicy;
    private final int maxEncryptedDataKeys;
    private final List<WrappingKey> additionalKeys;
    private final String keyNamespace;
    private final String keyName;
    private final RsaPadding rsaPadding;
    private final boolean discovery;
    private final String discoveryPartition;
    private final Set<String> discoveryAccounts;
    private final boolean useCache;
    private final byte[] messageId;

    private EnvelopeParameterSpec(Builder b) {
        this.encryptionContext = Collections.unmodifiableMap(new TreeMap<>(b.encryptionContext));
        this.algorithmSuite = b.algorithmSuite;
        this.frameLength = b.frameLength;
        this.commitmentPolicy = b.commitmentPolicy;
        this.maxEncryptedDataKeys = b.maxEncryptedDataKeys;
        this.additionalKeys = List.copyOf(b.additionalKeys);
        this.keyNamespace = b.keyNamespace;
        this.keyName = b.keyName;
        this.rsaPadding = b.rsaPadding;
        this.discovery = b.discovery;
        this.discoveryPartition = b.discoveryPartition;
        this.discoveryAccounts = Set.copyOf(b.discoveryAccounts);
        this.useCache = b.useCache;
        this.messageId = b.messageId == null ? null : b.messageId.clone();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static final EnvelopeParameterSpec DEFAULTS = new Builder().build();

    /** The defaults: empty context, policy's default suite, 64 KiB frames, commitment required (one shared value). */
    public static EnvelopeParameterSpec defaults() {
        return DEFAULTS;
    }

    public Builder toBuilder() {
        Builder b = new Builder()
                .encryptionContext(encryptionContext)
                .frameLength(frameLength)
                .commitmentPolicy(commitmentPolicy)
                .maxEncryptedDataKeys(maxEncryptedDataKeys)
                .keyNamespace(keyNamespace)
                .keyName(keyName)
                .rsaPadding(rsaPadding)
                .useCache(useCache);
        b.discovery = discovery;
        b.discoveryPartition = discoveryPartition;
        b.discoveryAccounts.addAll(discoveryAccounts);
        b.algorithmSuite = algorithmSuite;
        b.additionalKeys.addAll(additionalKeys);
        b.messageId = messageId;
        return b;
    }

    /**
     * On encryption, the context stored in the message (and bound to it). On decryption, the context the caller
     * expects: every entry must be either stored in the message with the same value or, when absent from the
     * message, is authenticated as ESDK "required encryption context".
     */
    public Map<String, String> encryptionContext() { return encryptionContext; }

    /** The suite to write; when unset, the commitment policy's default (0x0478). */
    public AlgorithmSuite algorithmSuite() {
        return algorithmSuite != null ? algorithmSuite : commitmentPolicy.defaultSuite();
    }

    /** Whether a suite was asked for explicitly. */
    public boolean hasExplicitSuite() { return algorithmSuite != null; }

    public int frameLength() { return frameLength; }

    public CommitmentPolicy commitmentPolicy() { return commitmentPolicy; }

    public int maxEncryptedDataKeys() { return maxEncryptedDataKeys; }

    /** Keys that wrap the data key besides the one given to {@code init} (one encrypted data key each). */
    public List<WrappingKey> additionalKeys() { return additionalKeys; }

    /** Key namespace of the key given to {@code init}. */
    public String keyNamespace() { return keyNamespace; }

    /** Key name of the key given to {@code init}. */
    public String keyName() { return keyName; }

    /** RSA padding of the key given to {@code init}, when it is an RSA key. */
    public RsaPadding rsaPadding() { return rsaPadding; }

    /**
     * Whether a decryption with a KMS key may use any KMS key its engine can use (ESDK discovery), instead of only
     * the keys of the handle given to {@code init} (strict, the default).
     */
    public boolean discovery() { return discovery; }

    /** Discovery filter: the partition (e.g. {@code aws}), or null for no filter. */
    public String discoveryPartition() { return discoveryPartition; }

    /** Discovery filter: the accounts whose keys may be used (empty: no filter). */
    public Set<String> discoveryAccounts() { return discoveryAccounts; }

    /** Whether a KMS key's data keys go through its KeyStore's data-key cache (when that store has one). */
    public boolean useCache() { return useCache; }

    /** The message ID, only in the parameters a Cipher reports after it wrote or read a message header. */
    public Optional<byte[]> messageId() {
        return messageId == null ? Optional.empty() : Optional.of(messageId.clone());
    }

    @Override
    public String toString() {
        return "EnvelopeParameterSpec[suite=" + algorithmSuite() + ", frameLength=" + frameLength
                + ", commitmentPolicy=" + commitmentPolicy + ", contextKeys=" + encryptionContext.keySet()
                + ", maxEncryptedDataKeys=" + maxEncryptedDataKeys + ", additionalKeys=" + additionalKeys.size()
                + ", keyNamespace=" + keyNamespace + ", keyName=" + keyName + ", discovery=" + discovery
                + ", useCache=" + useCache + "]";
    }

    /** Builder of {@link EnvelopeParameterSpec}; arguments out of range throw {@link IllegalArgumentException}. */
    public static final class Builder {
        private Map<String, String> encryptionContext = Map.of();
        private AlgorithmSuite algorithmSuite;
        private int frameLength = DEFAULT_FRAME_LENGTH;
        private CommitmentPolicy commitmentPolicy = CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT;
        private int maxEncryptedDataKeys = DEFAULT_MAX_ENCRYPTED_DATA_KEYS;
        private final List<WrappingKey> additionalKeys = new ArrayList<>();
        private String keyNamespace = WrappingKey.DEFAULT_NAMESPACE;
        private String keyName = WrappingKey.DEFAULT_NAME;
        private RsaPadding rsaPadding = WrappingKey.DEFAULT_RSA_PADDING;
        private boolean discovery;
        private String discoveryPartition;
        private final Set<String> discoveryAccounts = new TreeSet<>();
        private boolean useCache = true;
        private byte[] messageId;

        private Builder() {
        }

        public Builder encryptionContext(Map<String, String> context) {
            Objects.requireNonNull(context, "context");
            context.forEach((k, v) -> {
                Objects.requireNonNull(k, "encryption context key");
                Objects.requireNonNull(v, "encryption context value");
            });
            this.encryptionContext = Map.copyOf(context);
            return this;
        }

        public Builder algorithmSuite(AlgorithmSuite suite) {
            this.algorithmSuite = Objects.requireNonNull(suite, "suite");
            return this;
        }

        /** The suite by its two-byte ID, e.g. {@code 0x0578}. */
        public Builder algorithmSuite(int suiteId) {
            return algorithmSuite(AlgorithmSuite.byId(suiteId).orElseThrow(
                    () -> new IllegalArgumentException(String.format("unknown algorithm suite 0x%04X", suiteId))));
        }

        public Builder frameLength(int frameLength) {
            if (frameLength < 1 || frameLength > MAX_FRAME_LENGTH) {
                throw new IllegalArgumentException("frame length must be in 1.." + MAX_FRAME_LENGTH + ": " + frameLength);
            }
            this.frameLength = frameLength;
            return this;
        }

        public Builder commitmentPolicy(CommitmentPolicy policy) {
            this.commitmentPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder maxEncryptedDataKeys(int max) {
            if (max < 1 || max > MAX_ENCRYPTED_DATA_KEYS) {
                throw new IllegalArgumentException("max encrypted data keys must be in 1.." + MAX_ENCRYPTED_DATA_KEYS + ": " + max);
            }
            this.maxEncryptedDataKeys = max;
            return this;
        }

        public Builder additionalKey(WrappingKey key) {
            additionalKeys.add(Objects.requireNonNull(key, "key"));
            return this;
        }

        public Builder keyNamespace(String namespace) {
            this.keyNamespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        public Builder keyName(String name) {
            this.keyName = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder rsaPadding(RsaPadding padding) {
            this.rsaPadding = Objects.requireNonNull(padding, "padding");
            return this;
        }

        /** Decrypt with any KMS key the engine can use (ESDK discovery); see {@link EnvelopeParameterSpec#discovery()}. */
        public Builder discovery(boolean discovery) {
            this.discovery = discovery;
            return this;
        }

        /** Discovery limited to the keys of these accounts in this partition (implies discovery). */
        public Builder discoveryFilter(String partition, Set<String> accounts) {
            Objects.requireNonNull(partition, "partition");
            if (accounts.isEmpty()) {
                throw new IllegalArgumentException("a discovery filter names at least one account");
            }
            this.discovery = true;
            this.discoveryPartition = partition;
            this.discoveryAccounts.clear();
            this.discoveryAccounts.addAll(accounts);
            return this;
        }

        /** Whether KMS keys use their KeyStore's data-key cache (default true). */
        public Builder useCache(boolean useCache) {
            this.useCache = useCache;
            return this;
        }

        /** Set by the provider in the parameters it reports; {@code Cipher.init} ignores it. */
        public Builder messageId(byte[] id) {
            this.messageId = id == null ? null : id.clone();
            return this;
        }

        public EnvelopeParameterSpec build() {
            return new EnvelopeParameterSpec(this);
        }
    }
}
