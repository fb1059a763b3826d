package org.envelopejca.kms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Verifiers nobody here wrote: the JDK's Signature engines and the openssl command. */
public final class SigningPeers {
    private SigningPeers() {
    }

    public static PublicKey publicKey(byte[] der, KeySpec spec) throws Exception {
        return KeyFactory.getInstance(spec.isEcc() ? "EC" : "RSA").generatePublic(new X509EncodedKeySpec(der));
    }

    /** The JDK's verdict on a KMS signature of {@code message} (RAW: the JDK hashes it). */
    public static boolean jdkVerifies(PublicKey key, SigningAlgorithm algorithm, byte[] message, byte[] signature)
            throws Exception {
        String hash = algorithm.digestAlgorithm().replace("-", "");
        Signature verifier = switch (algorithm.scheme()) {
            case RSA_PKCS1 -> Signature.getInstance(hash + "withRSA");
            case ECDSA -> Signature.getInstance(hash + "withECDSA");
            case RSA_PSS -> {
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec(algorithm.digestAlgorithm(), "MGF1",
                        new MGF1ParameterSpec(algorithm.digestAlgorithm()), algorithm.digestLength(), 1));
                yield s;
            }
        };
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    public static boolean opensslAvailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * {@code openssl dgst -verify} of a RAW message, or {@code openssl pkeyutl -verify} of a digest, with the PSS
     * options KMS's PSS uses (MGF1 of the same digest, salt = digest length). True when openssl says "Verified OK"
     * / "Signature Verified Successfully" and exits 0.
     */
    public static boolean opensslVerifies(Path work, byte[] publicKeyDer, SigningAlgorithm algorithm, byte[] message,
                                          MessageType type, byte[] signature) throws Exception {
        Path pub = work.resolve("pub.pem");
        Files.writeString(pub, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(publicKeyDer)
                + "\n-----END PUBLIC KEY-----\n");
        Path msg = Files.write(work.resolve("message.bin"), message);
        Path sig = Files.write(work.resolve("signature.bin"), signature);
        String digest = algorithm.digestAlgorithm().replace("-", "").toLowerCase(Locale.ROOT);
        List<String> command = new ArrayList<>();
        if (type == MessageType.RAW) {
            command.addAll(List.of("openssl", "dgst", "-" + digest, "-verify", pub.toString(), "-signature",
                    sig.toString()));
            if (algorithm.scheme() == SigningAlgorithm.Scheme.RSA_PSS) {
                command.addAll(List.of("-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest",
                        "-sigopt", "rsa_mgf1_md:" + digest));
            }
            command.add(msg.toString());
        } else {
            command.addAll(List.of("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(), "-in",
                    msg.toString(), "-sigfile", sig.toString(), "-pkeyopt", "digest:" + digest));
            if (algorithm.scheme() == SigningAlgorithm.Scheme.RSA_PSS) {
                command.addAll(List.of("-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt", "rsa_pss_saltlen:digest",
                        "-pkeyopt", "rsa_mgf1_md:" + digest));
            }
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("openssl did not finish");
        }
        return p.exitValue() == 0 && (out.contains("Verified OK") || out.contains("Signature Verified Successfully"));
    }
}
