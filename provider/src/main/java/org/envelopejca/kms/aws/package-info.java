/**
 * The {@code aws} engine: {@link org.envelopejca.kms.Kms} over AWS KMS with the AWS SDK for Java v2. Built from an
 * {@link org.envelopejca.kms.aws.AwsKmsConfig} (the {@code aws.*} KeyStore properties); one SDK client per region,
 * calls routed by the region of the key ARN they name; every SDK failure becomes a
 * {@link org.envelopejca.kms.KmsException}. Only {@code AwsKms} and {@code AwsKmsConfig} are public, and neither
 * shows an SDK type.
 */
package org.envelopejca.kms.aws;
