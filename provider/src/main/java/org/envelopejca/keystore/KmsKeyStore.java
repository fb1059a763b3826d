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
import java.security.cert.Certificate;
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
 */
public final class KmsKeyStore extends KeyStoreSpi {
    private static final int PAGE = 100;

    private KeyStoreConfig config;
    private KeyStoreEngine engine;
    /** Engine aliases by name, with the time they were fetched; replaced whole, never mutated. */
    private volatile AliasSnapshot snapshot;

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

    private void open(KeyStoreConfig c, KeyStoreEngine e) {
        this.config = c;
        this.engine = e;
        this.snapshot = null;
    }

    /** The engine of this store (for applications that manage keys in code). */
    KeyStoreEngine engine() {
        requireLoaded();
        return engine;
    }

    @Override
    public Key engineGetKey(String alias, char[] password) throws UnrecoverableKeyException {
        requireLoaded();
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
            return KmsSigningKey.of(name, engine.kms().getPublicKey(m.arn()), engine);
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
        return null;
    }

    @Override
    public Certificate engineGetCertificate(String alias) {
        return null;
    }

    @Override
    public Date engineGetCreationDate(String alias) {
        requireLoaded();
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

    @Override
    public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain) throws KeyStoreException {
        throw new KeyStoreException("a KMS KeyStore holds no key bytes");
    }

    @Override
    public void engineSetCertificateEntry(String alias, Certificate cert) throws KeyStoreException {
        throw new KeyStoreException("a KMS KeyStore holds no certificates");
    }

    @Override
    public void engineDeleteEntry(String alias) throws KeyStoreException {
        requireLoaded();
        String name = AliasNames.normalize(alias);
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
        return config.staticAliases().containsKey(name) || aliases().containsKey(name);
    }

    @Override
    public int engineSize() {
        return Collections.list(engineAliases()).size();
    }

    @Override
    public boolean engineIsKeyEntry(String alias) {
        return engineContainsAlias(alias);
    }

    @Override
    public boolean engineIsCertificateEntry(String alias) {
        return false;
    }

    @Override
    public String engineGetCertificateAlias(Certificate cert) {
        return null;
    }

    @Override
    public boolean engineEntryInstanceOf(String alias, Class<? extends KeyStore.Entry> entryClass) {
        return entryClass == KeyStore.SecretKeyEntry.class && engineContainsAlias(alias);
    }

    @Override
    public void engineStore(OutputStream stream, char[] password) throws IOException {
        requireLoaded();
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
