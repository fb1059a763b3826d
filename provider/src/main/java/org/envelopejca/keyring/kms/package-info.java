/**
 * The AWS KMS keyrings of the ESDK over the provider's own {@link org.envelopejca.kms.Kms} interface, so that any
 * engine (embedded or AWS) can wrap data keys.
 * <ul>
 *   <li>{@link org.envelopejca.keyring.kms.KmsKeyring}: strict mode, a generator key and further keys, one EDK per
 *       key; decrypts only its own keys' EDKs, multi-Region replicas matching across regions
 *       (framework/aws-kms/aws-kms-mrk-keyring.md, aws-kms-mrk-match-for-decrypt.md).</li>
 *   <li>{@link org.envelopejca.keyring.kms.KmsDiscoveryKeyring}: decrypt-only, any {@code aws-kms} EDK, optionally
 *       filtered by partition and accounts and bound to one region (aws-kms-discovery-keyring.md,
 *       aws-kms-mrk-discovery-keyring.md).</li>
 *   <li>{@link org.envelopejca.keyring.kms.KmsRsaKeyring}: asymmetric RSA KMS keys, provider ID {@code aws-kms-rsa}
 *       (aws-kms-rsa-keyring.md).</li>
 * </ul>
 * EDKs of the symmetric keyrings: provider ID {@code aws-kms}, provider info = the key ARN KMS answered with (UTF-8),
 * ciphertext = the CiphertextBlob; the KMS encryption context is the materials' full context.
 *
 * <p>Failures: when KMS calls fail, the keyrings throw {@link org.envelopejca.keyring.kms.KmsKeyringException},
 * which carries every {@link org.envelopejca.kms.KmsException} (error code and key ARN), the first as its cause. A
 * keyring that finds no EDK of its keys returns the materials unchanged, so that the caller can name all the keys it
 * tried. Each keyring makes at most one Decrypt call per EDK. Answers are checked: the key ARN KMS answers with must
 * be the one asked for and the data key must have the suite's length.
 *
 * <p>Grant tokens: the keyrings add none of their own; built over an engine view made with
 * {@link org.envelopejca.kms.Kms#withGrantTokens}, every call they make carries that view's tokens.
 */
package org.envelopejca.keyring.kms;
