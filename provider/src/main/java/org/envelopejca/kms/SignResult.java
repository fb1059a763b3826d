package org.envelopejca.kms;

/**
 * Sign's answer.
 *
 * @param keyArn    ARN of the key that signed
 * @param signature the signature (RSASSA: modulus-sized; ECDSA: DER)
 * @param algorithm the algorithm used
 */
public record SignResult(String keyArn, byte[] signature, SigningAlgorithm algorithm) {
}
