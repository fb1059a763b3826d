package org.envelopejca.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** PEM text in and out of the cert commands (Bouncy Castle's reader and writer, RFC 7468). */
final class Pem {
    /** Far above any chain a CA sends; a larger file is refused before it is read. */
    static final long MAX_FILE = 1 << 20;
    static final int MAX_CERTIFICATES = 16;

    private Pem() {
    }

    static String of(Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        }
        return text.toString();
    }

    /** Writes the PEM text to the file (atomically, owner-only) or, without one, to the standard output. */
    static void write(String pem, Path file, PrintWriter text) throws IOException {
        if (file == null) {
            text.print(pem);
            text.flush();
            return;
        }
        try (AtomicOutput output = AtomicOutput.create(file)) {
            output.stream().write(pem.getBytes(StandardCharsets.US_ASCII));
            output.commit();
        }
    }

    /** The certificates of a PEM file, in order; anything else in it is refused. */
    static List<X509Certificate> certificates(Path file) throws UsageException, IOException {
        if (Files.size(file) > MAX_FILE) {
            throw new UsageException(file + " is larger than any certificate chain (" + MAX_FILE + " bytes)");
        }
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader in = new StringReader(Files.readString(file, StandardCharsets.US_ASCII));
             PEMParser parser = new PEMParser(in)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (!(o instanceof X509CertificateHolder holder)) {
                    throw new UsageException(file + " holds a " + o.getClass().getSimpleName()
                            + ", not only certificates");
                }
                if (out.size() == MAX_CERTIFICATES) {
                    throw new UsageException(file + " holds more than " + MAX_CERTIFICATES + " certificates");
                }
                out.add(converter.getCertificate(holder));
            }
        } catch (CertificateException | IOException e) {
            throw new UsageException(file + " is not a PEM certificate chain: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new UsageException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return out;
    }
}
