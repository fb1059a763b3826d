/**
 * An HTTP endpoint with the AWS KMS wire protocol in front of any {@link org.envelopejca.kms.Kms}
 * ({@link org.envelopejca.server.KmsServer}), so that the AWS CLI and the AWS SDKs use the embedded KMS with an
 * endpoint override.
 *
 * <p>A request goes: body read (at most 1 MiB, else 413) → SigV4 verification against the configured access keys
 * ({@code RequestAuthenticator}, built on {@link org.envelopejca.server.SigV4}) → operation from
 * {@code X-Amz-Target} → JSON members read and checked ({@code Members}) → the access key's policy
 * ({@code Authorizer}) → the engine, as a view naming the caller (for the local engine, its audit log records the
 * access key, the client's address and user agent) → the answer in the shapes of the KMS service model
 * ({@code KmsOperations}). Requests refused before the engine are recorded in a
 * {@link org.envelopejca.server.RefusalLog}, in the engine audit log's hash-chained line format.
 *
 * <p>Access keys and their policies come from a JSON file ({@link org.envelopejca.server.CredentialsFile}).
 * TLS, when wanted, uses a certificate generated at start ({@link org.envelopejca.server.SelfSignedCertificate}).
 */
package org.envelopejca.server;
