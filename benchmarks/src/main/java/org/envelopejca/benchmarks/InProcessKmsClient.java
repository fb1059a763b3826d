package org.envelopejca.benchmarks;

import java.util.Map;
import org.envelopejca.kms.DataKeyResult;
import org.envelopejca.kms.DecryptResult;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * The AWS SDK v2 {@link KmsClient} interface answered in-process by the provider's {@link Kms} (the embedded
 * engine): the ESDK's KMS keyring then pays the same KMS cost as Envelope's KMS key, with no HTTP, signing or JSON
 * in between. Only the operations the ESDK's KMS master key uses (GenerateDataKey, Encrypt, Decrypt); the others
 * keep the interface's default, which refuses.
 */
final class InProcessKmsClient implements KmsClient {
    private final Kms kms;

    InProcessKmsClient(Kms kms) {
        this.kms = kms;
    }

    @Override
    public GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) {
        // KMS GenerateDataKey: NumberOfBytes or KeySpec, one of them
        int bytes = request.numberOfBytes() != null ? request.numberOfBytes()
                : request.keySpec() == DataKeySpec.AES_128 ? 16 : 32;
        DataKeyResult result = call(() -> kms.generateDataKey(request.keyId(), bytes, context(request.encryptionContext())));
        return GenerateDataKeyResponse.builder()
                .keyId(result.keyArn())
                .plaintext(SdkBytes.fromByteArrayUnsafe(result.plaintext()))
                .ciphertextBlob(SdkBytes.fromByteArrayUnsafe(result.ciphertextBlob()))
                .build();
    }

    @Override
    public EncryptResponse encrypt(EncryptRequest request) {
        var result = call(() -> kms.encrypt(request.keyId(), request.plaintext().asByteArrayUnsafe(),
                context(request.encryptionContext()), EncryptionAlgorithm.SYMMETRIC_DEFAULT));
        return EncryptResponse.builder()
                .keyId(result.keyArn())
                .ciphertextBlob(SdkBytes.fromByteArrayUnsafe(result.ciphertextBlob()))
                .build();
    }

    @Override
    public DecryptResponse decrypt(DecryptRequest request) {
        DecryptResult result = call(() -> kms.decrypt(request.ciphertextBlob().asByteArrayUnsafe(), request.keyId(),
                context(request.encryptionContext()), EncryptionAlgorithm.SYMMETRIC_DEFAULT));
        return DecryptResponse.builder()
                .keyId(result.keyArn())
                .plaintext(SdkBytes.fromByteArrayUnsafe(result.plaintext()))
                .encryptionAlgorithm(result.algorithm().name())
                .build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // the engine belongs to the benchmark, which closes it
    }

    private static Map<String, String> context(Map<String, String> context) {
        return context == null ? Map.of() : context;
    }

    private interface KmsCall<T> {
        T run() throws KmsException;
    }

    /** A KMS error reaches the ESDK as the SDK's exception, as it would from the service. */
    private static <T> T call(KmsCall<T> call) {
        try {
            return call.run();
        } catch (KmsException e) {
            throw software.amazon.awssdk.services.kms.model.KmsException.builder().message(e.getMessage()).cause(e)
                    .build();
        }
    }
}
