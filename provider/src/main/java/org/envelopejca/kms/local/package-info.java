/**
 * The embedded, file-backed KMS: {@link org.envelopejca.kms.local.LocalKms}, AWS KMS semantics (operations, key
 * IDs and ARNs, aliases, key states, rotation, error kinds) over one directory, with a keyed, chained audit log.
 *
 * <h2>Files in the store directory</h2>
 * <ul>
 *   <li>{@code root.json}: the root header, written once: how the root key is obtained (password or file), the
 *       Argon2id salt and costs, and a verifier (HMAC under a key derived from the root key) that tells a wrong
 *       password before anything else is read. Written last when a store is created, so its presence means the
 *       store is complete: a missing {@code store.json} beside it is reported, not silently replaced.</li>
 *   <li>{@code root.key}: without a password, the 32 random bytes of the root key, mode 0600.</li>
 *   <li>{@code store.json}: the keys and aliases, versioned
 *       ({@code {"format":"envelope-local-kms-store","formatVersion":1,"mac":…,"state":…}}), under an HMAC-SHA256
 *       with a key derived from the root key; each key's material is also sealed on its own with AES-256-GCM, its
 *       key ARN and version as AAD. A file that fails either check is reported, naming the file, and never used.</li>
 *   <li>{@code store.lock}: the lock file; every call holds an exclusive lock on it (and a JVM-wide lock), re-reads
 *       {@code store.json}, and writes it back atomically (temporary file, fsync, rename, fsync of the directory),
 *       so processes sharing the directory never lose each other's changes.</li>
 *   <li>{@code audit.log}: one CloudTrail-shaped JSON event per call, chained with HMAC-SHA256 under a key
 *       derived from the root key, written before the call returns and forced to disk as
 *       {@link org.envelopejca.kms.local.AuditSync} says; see {@link org.envelopejca.kms.local.AuditLog}. Each
 *       line records the store generation of its call, which binds the store: an older {@code store.json} put
 *       back is refused at open ({@link org.envelopejca.kms.local.StoreRollbackException}).</li>
 * </ul>
 * The directory is created 0700 and every file 0600; at open both are checked and tightened, and a directory or
 * file owned by another user is refused.
 *
 * <h2>Root key: password or file</h2>
 * With a password, the root key is Argon2id (RFC 9106, version 0x13; by default 64 MiB, 3 passes, 4 lanes, a
 * 16-byte random salt, 32-byte output; see {@link org.envelopejca.kms.local.Argon2Settings}) of the password. Nothing
 * on disk suffices to use the keys: a copy of the directory (a backup, a stolen disk) is useless without the
 * password, and an attacker must guess it at Argon2id's cost. The price: a person or a secret manager must supply
 * the password at every start, and a forgotten password loses every key.
 *
 * <p>Without a password, the root key is a random file beside the store, readable only by its owner (POSIX
 * 0600; on file systems without POSIX permissions it gets the directory's default permissions). Starting needs no
 * one, but the protection is only the file permissions: whoever can read the directory as its owner (or as root,
 * or from a backup) has every key. Fit for development and tests, or where the directory lives on storage that is
 * already protected as a whole.
 *
 * <h2>Who may use a key</h2>
 * Every call has a caller ({@link org.envelopejca.kms.local.Caller}); its principal is the IAM ARN it names, or the
 * account's root. Each key has a key policy (KMS's default unless one was put with CreateKey or PutKeyPolicy; kept
 * in {@code store.json} under its MAC) that decides every operation on the key, as
 * {@link org.envelopejca.kms.policy} describes; operations on no key (CreateKey, ListKeys, ListAliases) follow
 * identity policies alone. Grants (CreateGrant ... RevokeGrant) allow their grantee their operations under their
 * encryption-context constraint; they live in {@code store.json} too and go with their key. Grant tokens
 * ({@link org.envelopejca.kms.local.LocalKms#withGrantTokens}) are checked, not needed: grants take effect at once.
 * Refusals are AccessDeniedException in KMS's words; the audit line of every call names, under
 * {@code additionalEventData.authorization}, the decision and the statement or grant that made it.
 *
 * <h2>Symmetric ciphertexts</h2>
 * See {@link org.envelopejca.kms.local.SymmetricCiphertext}: magic 0xEC, format 1, key ID, backing-key version,
 * IV, AES-256-GCM ciphertext and tag; the AAD binds the header, the key ARN and the length-prefixed, sorted
 * encryption context. The blobs are this engine's own: they do not decrypt in AWS KMS, nor AWS blobs here.
 *
 * <h2>Copies of the store</h2>
 * With {@link org.envelopejca.kms.local.LocalKmsOptions.Builder#copies} ({@code local.copies}) every change's sealed
 * {@code store.json} (the exact bytes: MAC'd, each key's material sealed under the root key) is also written, as a
 * new version, to each {@link org.envelopejca.kms.local.CopyTarget}: a directory ({@code store-GENERATION.json},
 * atomic, 0600 in 0700) or an S3 bucket with versioning (one object key, a version per change). The root header
 * goes along (it holds the Argon2id salt and the verifier, no secret); {@code root.key} never does, so copies of a
 * store without a password are useless unless that file is kept elsewhere.
 *
 * <p><b>Order: copies first, then the local commit.</b> The sealed bytes are written to the targets before
 * {@code store.json} is replaced, and the local write happens only when at least
 * {@link org.envelopejca.kms.local.LocalKmsOptions#copiesRequired()} of them succeeded. Otherwise the call fails with
 * KMSInternalException (retryable, as for any KMS internal failure), naming each target's failure, and nothing is
 * applied locally: the file, the engine's cached state and generation are as before, and the call's audit line
 * records the error. The argument: an acknowledged change is then on the local disk and on the required copies,
 * never on one disk only. The other order (local first, then copies) would leave, when a copy fails, a change
 * applied locally but not acknowledged; undoing it means writing the old state again at a higher generation, a
 * second write that can itself fail, and a crash between the two leaves the unacknowledged change applied with no
 * copy of it. With copies first the only in-between state is the reverse: a copy of a change whose local write then
 * failed (disk full, crash). That copy is a version of a change the caller saw fail, as with any call that fails
 * after the service did the work; the next change writes the same generation again (a directory replaces that file,
 * S3 adds a version), and restore takes the newest. {@code copies-required = 0} keeps today's behaviour: copies are
 * best effort, a failed one never fails a change and is recorded as an {@code EnvelopeStoreCopyFailed} event in the
 * audit log. Calls that change nothing never touch the copies. Copies are written inside the directory lock, so
 * a slow target slows every change (not the data-key, encrypt and decrypt calls).
 *
 * <p><b>Restore.</b> {@link org.envelopejca.kms.local.StoreRestore} ({@code envelope keys restore}) checks a copy
 * before writing anything: the root header must be the local store's (same verifier, when there is a local one)
 * and accept the password; the store bytes must pass the MAC, format, region and account checks; the generation
 * inside must be the one the version is named by. A copy older than the newest generation known (local store, last
 * keyed audit line, newest version at the target) is refused ({@link org.envelopejca.kms.local.StoreRollbackException})
 * unless {@code allowOlder}; then it is re-sealed at a generation past the newest known, so the rollback check holds
 * and the next change makes a new version instead of replacing an old one. The store file is replaced atomically and
 * an {@code EnvelopeStoreRestored} event (source, version, generations) joins the keyed audit chain. The restored
 * store reaches the copy targets with the next change.
 *
 * <h2>Limits</h2>
 * The store MAC detects changes; rollback is detected only against the audit log: someone who can write the
 * directory can put back an older, valid {@code store.json} together with the log cut back to the same point, or
 * with the log deleted, and it is not noticed. The audit chain cannot show that whole lines were cut off its end.
 * A new password store needs a password that passes {@link org.envelopejca.kms.local.PasswordPolicy}. Plaintext key material lives in memory only while a call runs and is zeroed
 * afterwards, except inside JDK key objects (RSA private keys) that cannot be wiped.
 */
package org.envelopejca.kms.local;
