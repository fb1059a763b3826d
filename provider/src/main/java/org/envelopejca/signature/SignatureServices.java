package org.envelopejca.signature;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.envelopejca.kms.SigningAlgorithm;

/**
 * The provider's Signature services. Each carries {@code SupportedKeyClasses} = {@code KmsSigningKey}, so that
 * JCA's delayed provider selection ({@code Signature.getInstance(name)} without a provider, then {@code initSign})
 * picks Envelope for KMS handles and the JDK's providers for every other key, wherever Envelope is in the provider
 * list. Names and OIDs: RFC 4055 / RFC 5754 (RSA), RFC 5758 (ECDSA), the JDK's Standard Algorithm Names.
 */
public final class SignatureServices {
    private static final Map<String, String> KEY_CLASSES = Map.of("SupportedKeyClasses",
            "org.envelopejca.keystore.KmsSigningKey");

    private SignatureServices() {
    }

    public static List<Provider.Service> of(Provider provider) {
        List<Provider.Service> out = new ArrayList<>();
        out.add(service(provider, "SHA256withRSA", List.of("1.2.840.113549.1.1.11", "OID.1.2.840.113549.1.1.11"),
                SigningAlgorithm.Scheme.RSA_PKCS1, SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_256));
        out.add(service(provider, "SHA384withRSA", List.of("1.2.840.113549.1.1.12", "OID.1.2.840.113549.1.1.12"),
                SigningAlgorithm.Scheme.RSA_PKCS1, SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_384));
        out.add(service(provider, "SHA512withRSA", List.of("1.2.840.113549.1.1.13", "OID.1.2.840.113549.1.1.13"),
                SigningAlgorithm.Scheme.RSA_PKCS1, SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_512));
        out.add(service(provider, "RSASSA-PSS", List.of("1.2.840.113549.1.1.10", "OID.1.2.840.113549.1.1.10", "PSS"),
                SigningAlgorithm.Scheme.RSA_PSS, null));
        out.add(service(provider, "SHA256withECDSA", List.of("1.2.840.10045.4.3.2", "OID.1.2.840.10045.4.3.2"),
                SigningAlgorithm.Scheme.ECDSA, SigningAlgorithm.ECDSA_SHA_256));
        out.add(service(provider, "SHA384withECDSA", List.of("1.2.840.10045.4.3.3", "OID.1.2.840.10045.4.3.3"),
                SigningAlgorithm.Scheme.ECDSA, SigningAlgorithm.ECDSA_SHA_384));
        out.add(service(provider, "SHA512withECDSA", List.of("1.2.840.10045.4.3.4", "OID.1.2.840.10045.4.3.4"),
                SigningAlgorithm.Scheme.ECDSA, SigningAlgorithm.ECDSA_SHA_512));
        return out;
    }

    private static Provider.Service service(Provider provider, String name, List<String> aliases,
                                            SigningAlgorithm.Scheme scheme, SigningAlgorithm fixed) {
        return new Provider.Service(provider, "Signature", name, KmsSignature.class.getName(), aliases, KEY_CLASSES) {
            @Override
            public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                return new KmsSignature(scheme, fixed);
            }
        };
    }
}
