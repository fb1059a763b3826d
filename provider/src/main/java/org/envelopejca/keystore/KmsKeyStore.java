package org.envelopejca.keystore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.KeyStoreSpi;
import java.security.UnrecoverableKeyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.envelopejca.kms.AliasEntry;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.KeyUsage;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.Page;

/**
 * KeyStore "KMS": its aliases are KMS aliases ({@code alias/NAME}) of the configured engine plus the static aliases
 * of the configuration; its entries are {@link KmsKey} handles. Creating an entry creates (or moves) a KMS alias;
 * deleting one deletes the alias, never a key. {@code store} writes the configuration back.
 *
 * <p>{@code load(InputStream, char[])} reads a properties file ({@link KeyStoreConfig}); the password unlocks the
 * embedded KMS (null: its root-key file). {@code load(null, null)} opens the defaults: the embedded KMS in
 * {@code $ENVELOPE_HOME} (default {@code ~/.envelope}).
 *
 * <p>Signing keys (KeyUsage SIGN_VERIFY) are {@code PrivateKeyEntry}s: the key is a {@link KmsSigningKey} handle and
 * the certificate chain, public data that KMS has no place for, is kept by this store in its certificates file
 * ({@link KeyStoreConfig#certificatesFile()}), with trusted certificate entries, so that one store also serves as
 * a trust store. A chain is accepted only when its first certificate carries the KMS key's public key, and is shown
 * only while the alias still names that key. {@code store} writes the certificates file (atomically, 0600) before
 * the configuration.
 */
public final class KmsKeyStore extends KeyStoreSpi {
    private static final int PAGE = 100;

    private KeyStoreConfig config;
    private KeyStoreEngine engine;
    /** Engine aliases by name, with the time they were fetched; replaced whole, never mutated. */
    private volatile AliasSnapshot snapshot;
    /** Chains of signing keys and trusted certificates, by alias name; written to the file by {@code store}. */
    private Map<String, CertificateEntries.Entry> certificates = new TreeMap<>();

    private record AliasSnapshot(Map<String, AliasEntry> aliases, Instant fetched) {
    }

    @Override
    public void engineLoad(InputStream stream, char[] password) throws IOException {
        KeyStoreConfig c;
        if (stream == null) {
            c = KeyStoreConfig.defaults();
        } else {
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(stream, StandardCharsets.UTF_8));
            try {
                c = KeyStoreConfig.parse(p);
            } catch (IllegalArgumentException e) {
                throw new IOException("KMS KeyStore configuration: " + e.getMessage(), e);
            }
        }
        open(c, KmsEngines.open(c, password));
    }

    @Override
    public void engineLoad(KeyStore.LoadStoreParameter param) throws IOException {
        if (param == null) {
            engineLoad(null, null);
            return;
        }
        if (!(param instanceof KmsLoadStoreParameter p)) {
            throw new IllegalArgumentException("expected a KmsLoadStoreParameter");
        }
        open(p.config(), p.kms() != null ? KmsEngines.wrap(p.config(), p.kms()) : KmsEngines.open(p.config(), p.password()));
    }

    private void open(KeyStoreConfig c, KeyStoreEngine e) throws IOException {
        Path file = c.certificatesFile();
        this.certificates = file == null ? new TreeMap<>() : new TreeMap<>(CertificateEntries.read(file));
        this.config = c;
        this.engine = e;
        this.snapshot = null;
        LoadedEngines.loaded(e);
    }

    /** The engine of this store (for applications that manage keys in code). */
    KeyStoreEngine engine() {
        requireLoaded();
        return engine;
    }

    @Override
    public Key engineGetKey(String alias, char[] password) throws UnrecoverableKeyException {
        requireLoaded();
        if (trusted(alias) != null) {
            return null;
        }
        try {
            if (AliasNames.isKeyReference(alias)) {
                return handle(alias, engine.kms().describeKey(alias));
            }
            String name = AliasNames.normalize(alias);
            List<String> arns = config.staticAliases().get(name);
            if (arns != null) {
                return new KmsKey(name, arns, describedSpec(arns.get(0)), engine);
            }
            AliasEntry entry = aliases().get(name);
            if (entry == null) {
                return null;
            }
            return handle(name, engine.kms().describeKey(entry.targetKeyId()));
        } catch (KmsException e) {
            if (e.code() == KmsErrorCode.NOT_FOUND) {
                return null;
            }
            throw (UnrecoverableKeyException) new UnrecoverableKeyException("cannot reach KMS key " + alias + ": "
                    + e.getMessage()).initCause(e);
        }
    }

    /** A signing key's handle (a PrivateKey, with its public key from KMS), else an encryption key's. */
    private Key handle(String name, KeyMetadata m) throws KmsException {
        if (m.keyUsage() == KeyUsage.SIGN_VERIFY) {
            try {
                return KmsSigningKey.of(name, engine.kms().getPublicKey(m.arn()), engine);
            } catch (IllegalArgumentException e) {
                // a spec this provider does not sign with (ECC_SECG_P256K1, SM2, ...): KMS's own words
                throw new KmsException(KmsErrorCode.UNSUPPORTED_OPERATION, e.getMessage(), m.arn(), e);
            }
        }
        return new KmsKey(name, List.of(m.arn()), m.keySpec(), engine);
    }

    /**
     * The key spec of a static alias's first key, so that an RSA key gets the RSA keyring; null when the engine
     * cannot describe it now (the symmetric keyring is then used, and KMS says so if that is wrong).
     */
    private KeySpec describedSpec(String keyArn) {
        try {
            return engine.kms().describeKey(keyArn).keySpec();
        } catch (KmsException e) {
            return null;
        }
    }

    @Override
    public Certificate[] engineGetCertificateChain(String alias) {
        requireLoaded();
        CertificateEntries.Entry e = keyCertificates(alias);
        return e == null ? null : e.chain().toArray(new Certificate[0]);
    }

    @Override
    public Certificate engineGetCertificate(String alias) {
        requireLoaded();
        CertificateEntries.Entry e = trusted(alias);
        if (e == null) {
            e = keyCertificates(alias);
        }
        return e == null ? null : e.chain().get(0);
    }

    /** The trusted certificate entry of {@code alias}, or null. */
    private CertificateEntries.Entry trusted(String alias) {
        CertificateEntries.Entry e = certificates.get(normalizeOrNull(alias));
        return e != null && e.kind() == CertificateEntries.Kind.TRUSTED ? e : null;
    }

    /** The chain stored for {@code alias}'s signing key, while the alias still names that key; else null. */
    private CertificateEntries.Entry keyCertificates(String alias) {
        String name = normalizeOrNull(alias);
        CertificateEntries.Entry e = certificates.get(name);
        if (e == null || e.kind() != CertificateEntries.Kind.KEY) {
            return null;
        }
        List<String> statics = config.staticAliases().get(name);
        if (statics != null) {
            return statics.size() == 1 && statics.get(0).equals(e.keyArn()) ? e : null;
        }
        AliasEntry target = aliases().get(name);
        return target != null && (e.keyArn().equals(target.targetKeyId())
                || e.keyArn().endsWith("/" + target.targetKeyId())) ? e : null;
    }

    private static String normalizeOrNull(String alias) {
        try {
            return AliasNames.normalize(alias);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    @Override
    public Date engineGetCreationDate(String alias) {
        requireLoaded();
        CertificateEntries.Entry t = trusted(alias);
        if (t != null) {
            return Date.from(t.creationDate());
        }
        String name = AliasNames.normalize(alias);
        AliasEntry entry = aliases().get(name);
        if (entry != null && entry.creationDate() != null) {
            return Date.from(entry.creationDate());
        }
        return null;
    }

    @Override
    public void engineSetKeyEntry(String alias, Key key, char[] password, Certificate[] chain) throws KeyStoreException {
        requireLoaded();
        if (key instanceof KmsSigningKey signing) {
            setSigningKeyEntry(alias, signing, chain);
            return;
        }
        if (!(key instanceof KmsKey kmsKey)) {
            throw new KeyStoreException("a KMS KeyStore holds only KMS keys (KeyGenerator \"KMS\"); got "
                    + (key == null ? "null" : key.getAlgorithm()));
        }
        String name = AliasNames.normalize(alias);
        if (!AliasNames.isValid(name)) {
            // Checked before a pending key is created, so a refused alias leaves no key without a name behind.
            throw new KeyStoreException("invalid KMS alias name " + name + ": alias/ then 1..250 of [a-zA-Z0-9:/_-], not alias/aws/");
        }
        try {
            List<String> arns = kmsKey.isPending() ? List.of(KmsEngines.create(engine, kmsKey.pendingSpec()).arn())
                    : kmsKey.keyArns();
            if (config.staticAliases().containsKey(name) || arns.size() > 1) {
                Map<String, List<String>> statics = new TreeMap<>(config.staticAliases());
                statics.put(name, arns);
                config = config.withStaticAliases(statics);
                return;
            }
            if (aliases().containsKey(name)) {
                engine.kms().updateAlias(name, arns.get(0));
            } else {
                engine.kms().createAlias(name, arns.get(0));
            }
            snapshot = null;
        } catch (KmsException e) {
            throw new KeyStoreException("cannot set alias " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * A signing key's entry: the chain is checked (X.509, at most {@value CertificateEntries#MAX_CHAIN} certificates,
     * the first one carrying the KMS key's public key) before anything changes, then the KMS alias is pointed at
     * the key, then the chain is kept for {@code store}.
     */
    private void setSigningKeyEntry(String alias, KmsSigningKey key, Certificate[] chain) throws KeyStoreException {
        String name = AliasNames.normalize(alias);
        if (!AliasNames.isValid(name)) {
            throw new KeyStoreException("invalid KMS alias name " + name + ": alias/ then 1..250 of [a-zA-Z0-9:/_-], not alias/aws/");
        }
        if (config.certificatesFile() == null) {
            throw new KeyStoreException("this KMS KeyStore has no certificates file: set certificates.path in its "
                    + "configuration to keep certificate chains");
        }
        if (trusted(name) != null) {
            throw new KeyStoreException(name + " is a trusted certificate entry, not a key entry");
        }
        List<X509Certificate> certs = x509Chain(chain);
        byte[] expected = key.publicKey().getEncoded();
        if (!MessageDigest.isEqual(expected, certs.get(0).getPublicKey().getEncoded())) {
            throw new KeyStoreException("the chain's first certificate (" + certs.get(0).getSubjectX500Principal()
                    + ") does not carry the public key of KMS key " + key.keyArn());
        }
        if (config.staticAliases().containsKey(name)) {
            throw new KeyStoreException(name + " is a static alias of the configuration; a signing key needs a KMS alias");
        }
        try {
            if (aliases().containsKey(name)) {
                engine.kms().updateAlias(name, key.keyArn());
            } else {
                engine.kms().createAlias(name, key.keyArn());
            }
            snapshot = null;
        } catch (KmsException e) {
            throw new KeyStoreException("cannot set alias " + name + ": " + e.getMessage(), e);
        }
        certificates.put(name, new CertificateEntries.Entry(name, CertificateEntries.Kind.KEY, key.keyArn(),
                Instant.now(), certs));
    }

    private static List<X509Certificate> x509Chain(Certificate[] chain) throws KeyStoreException {
        if (chain == null || chain.length == 0) {
            throw new KeyStoreException("a signing key's entry needs its certificate chain (the key's certificate first)");
        }
        if (chain.length > CertificateEntries.MAX_CHAIN) {
            throw new KeyStoreException("a certificate chain of at most " + CertificateEntries.MAX_CHAIN
                    + " certificates; got " + chain.length);
        }
        List<X509Certificate> certs = new ArrayList<>();
        for (Certificate c : chain) {
            if (!(c instanceof X509Certificate x)) {
                throw new KeyStoreException("X.509 certificates only; got " + (c == null ? "null" : c.getType()));
            }
            certs.add(x);
        }
        return certs;
    }

    @Override
    public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain) throws KeyStoreException {
        throw new KeyStoreException("a KMS KeyStore holds no key bytes");
    }

    /** A trusted certificate: kept in the certificates file; an alias of a KMS key cannot be one. */
    @Override
    public void engineSetCertificateEntry(String alias, Certificate cert) throws KeyStoreException {
        requireLoaded();
        String name = AliasNames.normalize(alias);
        if (!AliasNames.isValid(name)) {
            throw new KeyStoreException("invalid alias name " + name + ": alias/ then 1..250 of [a-zA-Z0-9:/_-]");
        }
        if (config.certificatesFile() == null) {
            throw new KeyStoreException("this KMS KeyStore has no certificates file: set certificates.path in its "
                    + "configuration to keep trusted certificates");
        }
        if (config.staticAliases().containsKey(name) || aliases().containsKey(name)) {
            throw new KeyStoreException(name + " is a key entry; a trusted certificate needs another alias");
        }
        List<X509Certificate> one = x509Chain(new Certificate[]{cert});
        certificates.put(name, new CertificateEntries.Entry(name, CertificateEntries.Kind.TRUSTED, null, Instant.now(),
                one));
    }

    @Override
    public void engineDeleteEntry(String alias) throws KeyStoreException {
        requireLoaded();
        String name = AliasNames.normalize(alias);
        CertificateEntries.Entry held = certificates.get(name);
        if (held != null && held.kind() == CertificateEntries.Kind.TRUSTED) {
            certificates.remove(name);
            return;
        }
        if (config.staticAliases().containsKey(name)) {
            Map<String, List<String>> statics = new TreeMap<>(config.staticAliases());
            statics.remove(name);
            config = config.withStaticAliases(statics);
            return;
        }
        try {
            // Only the alias goes: the key and its material stay in KMS.
            engine.kms().deleteAlias(name);
            snapshot = null;
            certificates.remove(name);
        } catch (KmsException e) {
            if (e.code() != KmsErrorCode.NOT_FOUND) {
                throw new KeyStoreException("cannot delete alias " + name + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Enumeration<String> engineAliases() {
        requireLoaded();
        List<String> all = new ArrayList<>(config.staticAliases().keySet());
        for (String name : aliases().keySet()) {
            if (!config.staticAliases().containsKey(name)) {
                all.add(name);
            }
        }
        certificates.values().stream().filter(e -> e.kind() == CertificateEntries.Kind.TRUSTED)
                .map(CertificateEntries.Entry::alias).filter(a -> !all.contains(a)).forEach(all::add);
        Collections.sort(all);
        return Collections.enumeration(all);
    }

    @Override
    public boolean engineContainsAlias(String alias) {
        requireLoaded();
        String name;
        try {
            name = AliasNames.normalize(alias);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return config.staticAliases().containsKey(name) || aliases().containsKey(name) || trusted(name) != null;
    }

    @Override
    public int engineSize() {
        return Collections.list(engineAliases()).size();
    }

    @Override
    public boolean engineIsKeyEntry(String alias) {
        return trusted(alias) == null && engineContainsAlias(alias);
    }

    @Override
    public boolean engineIsCertificateEntry(String alias) {
        requireLoaded();
        return trusted(alias) != null;
    }

    /** JCA order: trusted certificate entries first, then the first certificate of each key entry's chain. */
    @Override
    public String engineGetCertificateAlias(Certificate cert) {
        requireLoaded();
        if (cert == null) {
            return null;
        }
        for (CertificateEntries.Entry e : certificates.values()) {
            if (e.kind() == CertificateEntries.Kind.TRUSTED && e.chain().get(0).equals(cert)) {
                return e.alias();
            }
        }
        for (CertificateEntries.Entry e : certificates.values()) {
            if (e.kind() == CertificateEntries.Kind.KEY && e.chain().get(0).equals(cert)
                    && keyCertificates(e.alias()) != null) {
                return e.alias();
            }
        }
        return null;
    }

    @Override
    public boolean engineEntryInstanceOf(String alias, Class<? extends KeyStore.Entry> entryClass) {
        requireLoaded();
        if (trusted(alias) != null) {
            return entryClass == KeyStore.TrustedCertificateEntry.class;
        }
        if (keyCertificates(alias) != null) {
            return entryClass == KeyStore.PrivateKeyEntry.class;
        }
        return entryClass == KeyStore.SecretKeyEntry.class && engineContainsAlias(alias);
    }

    @Override
    public void engineStore(OutputStream stream, char[] password) throws IOException {
        requireLoaded();
        Path file = config.certificatesFile();
        if (file != null && (!certificates.isEmpty() || Files.exists(file))) {
            // Certificates first: if this fails, nothing of the store has been written.
            CertificateEntries.write(file, certificates);
        }
        Properties p = config.toProperties();
        Map<String, String> sorted = new TreeMap<>();
        p.stringPropertyNames().forEach(n -> sorted.put(n, p.getProperty(n)));
        StringBuilder out = new StringBuilder("# Envelope KMS KeyStore configuration\n");
        sorted.forEach((k, v) -> out.append(escape(k, true)).append('=').append(escape(v, false)).append('\n'));
        stream.write(out.toString().getBytes(StandardCharsets.UTF_8));
        stream.flush();
    }

    @Override
    public void engineStore(KeyStore.LoadStoreParameter param) throws IOException {
        throw new UnsupportedOperationException("store(OutputStream, char[]) writes the configuration");
    }

    @Override
    public boolean engineProbe(InputStream stream) throws IOException {
        Properties p = new Properties();
        try {
            p.load(new java.io.InputStreamReader(stream, StandardCharsets.UTF_8));
            KeyStoreConfig.parse(p);
            return p.containsKey("kms");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The engine's aliases, fetched at most once per {@code aliases.ttl}. */
    private Map<String, AliasEntry> aliases() {
        AliasSnapshot s = snapshot;
        Instant now = Instant.now();
        if (s != null && s.fetched().plus(config.aliasTtl()).isAfter(now)) {
            return s.aliases();
        }
        Map<String, AliasEntry> all = new LinkedHashMap<>();
        try {
            String marker = null;
            do {
                Page<AliasEntry> page = engine.kms().listAliases(null, PAGE, marker);
                for (AliasEntry a : page.items()) {
                    if (a.targetKeyId() != null && !a.aliasName().startsWith("alias/aws/")) {
                        all.put(a.aliasName(), a);
                    }
                }
                marker = page.nextMarker();
            } while (marker != null);
        } catch (KmsException e) {
            throw new java.security.ProviderException("cannot list KMS aliases: " + e.getMessage(), e);
        }
        Map<String, AliasEntry> frozen = Collections.unmodifiableMap(new HashMap<>(all));
        snapshot = new AliasSnapshot(frozen, now);
        return frozen;
    }

    private void requireLoaded() {
        if (engine == null) {
            throw new IllegalStateException("KMS KeyStore not loaded");
        }
    }

    /** Escapes for the properties format (no dependence on Properties.store's date comment). */
    private static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '=', ':', '#', '!' -> b.append('\\').append(ch);
                case ' ' -> b.append(key || b.isEmpty() ? "\\ " : " ");
                default -> {
                    if (ch < 0x20 || ch > 0x7e) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }
}
