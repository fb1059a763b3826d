package org.envelopejca.kms.local;

/**
 * One version of the store held by a {@link CopyTarget}.
 *
 * @param version    the target's name for it: the generation for a directory, the S3 object version ID
 * @param generation the store generation it holds
 */
public record CopyVersion(String version, long generation) {
}
