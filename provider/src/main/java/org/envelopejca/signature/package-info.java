/**
 * JCA {@code Signature} services for KMS signing keys (DESIGN decision 8): a thin adapter beside {@code cipher/} that
 * hashes locally and calls KMS Sign with MessageType DIGEST, so a message of any length costs one KMS call. The
 * services accept only {@link org.envelopejca.keystore.KmsSigningKey} handles; verification with public keys is left
 * to the JDK's providers.
 */
package org.envelopejca.signature;
