/**
 * The JCA adapter: {@code Cipher.getInstance("Envelope/AES-GCM/NoPadding")} over the message layer.
 *
 * <h2>Randomness when the caller gives none</h2>
 *
 * <p>A message draws randomness for its message ID, the data key and wrapping IVs of raw keyrings, and (JDK backend)
 * the ECDSA key pair and nonce of the signing suites. {@code Cipher.init(mode, key[, spec])} without a SecureRandom
 * hands the provider the JCA's single JVM-wide instance, which every thread then shares under one lock; the SPI
 * cannot tell that instance from one the application chose, except by identity. Decision (see {@code RandomSource}):
 * that instance, and only it, is replaced by one SecureRandom per thread, an SP 800-90A DRBG (the JDK's
 * {@code DRBG}, Hash_DRBG over SHA-256 by default) instantiated at 256-bit security strength with prediction
 * resistance off and reseeding allowed, seeded from the JVM's entropy source (on Linux, the kernel's getrandom or
 * {@code /dev/urandom}, the same source the JVM-wide instance reads). A SecureRandom the application passes to
 * {@code init} is used as given, for everything the message draws.
 *
 * <p>Why that is as strong as the shared instance: each per-thread DRBG is an independently seeded instance of an
 * approved construction at the highest strength the suites need (AES-256 data keys, P-384 keys: 192-bit), so an
 * observer of one thread's output learns nothing of another's; none of its state leaves the thread; and the
 * JVM-wide instance on Linux ({@code NativePRNG}) is itself a deterministic generator over the same kernel source.
 * What a thread gives up is reseeding on every draw, which SP 800-90A does not require within a DRBG's reseed
 * interval. Virtual threads each instantiate their own DRBG on first use. Fork-safety is not a JVM concern (a JVM
 * does not fork with live threads).
 *
 * <p>With the ACCP backend ({@code envelope.crypto}, see {@code org.envelopejca.message.CryptoBackend}) the ECDSA
 * key pair and signature nonce of the signing suites come from AWS-LC's own DRBG inside ACCP (CTR_DRBG over AES-256,
 * seeded from the kernel, per thread in AWS-LC), which no JCA SecureRandom can reach; everything else still comes
 * from the SecureRandom above. An application that must supply all randomness itself (for example a test that needs
 * reproducible messages) sets {@code envelope.crypto=jdk}.
 */
package org.envelopejca.cipher;
