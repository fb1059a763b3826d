package org.envelopejca.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.MalformedMessageException;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.message.ContentType;
import org.envelopejca.message.BodyLayout;
import org.envelopejca.message.MessageFormatException;
import org.envelopejca.message.MessageHeader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Print the header of a message (format version, algorithm suite, message ID, stored encryption context, "
                    + "encrypted data keys, framing) and the shape of its body (number of frames, final frame "
                    + "length, signature footer). Needs no key.",
            "Nothing is authenticated here (that needs the data key): what is shown is what the bytes claim."})
final class InspectCommand implements Callable<Integer> {

    @ParentCommand
    EnvelopeCli cli;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The message file, or - for standard input (or give it with --in).")
    String file;

    @Option(names = "--in", paramLabel = "FILE|-", order = 10,
            description = "The message file, or - for standard input.")
    String in;

    @Option(names = "--max-encrypted-data-keys", paramLabel = "N", order = 24,
            description = "Refuse headers with more encrypted data keys (default: "
                    + EnvelopeParameterSpec.DEFAULT_MAX_ENCRYPTED_DATA_KEYS + ").")
    int maxEncryptedDataKeys = EnvelopeParameterSpec.DEFAULT_MAX_ENCRYPTED_DATA_KEYS;

    @Override
    public Integer call() throws Exception {
        if (maxEncryptedDataKeys < 1 || maxEncryptedDataKeys > EnvelopeParameterSpec.MAX_ENCRYPTED_DATA_KEYS) {
            throw new UsageException("--max-encrypted-data-keys must be in 1.."
                    + EnvelopeParameterSpec.MAX_ENCRYPTED_DATA_KEYS);
        }
        if ((file == null) == (in == null)) {
            throw new UsageException(file == null ? "the message file is missing: envelope inspect FILE"
                    : "give the message file once: as FILE or with --in");
        }
        Input input = Input.of(file != null ? file : in, cli.stdin());
        PrintWriter out = spec.commandLine().getOut();
        try (InputStream raw = input.open(); FailureTrackingInputStream tracked = new FailureTrackingInputStream(raw)) {
            MessageHeader header;
            try {
                header = MessageHeader.read(tracked, maxEncryptedDataKeys);
            } catch (MessageFormatException e) {
                throw new MalformedMessageException(e.getMessage());
            } catch (IOException e) {
                if (tracked.failed) {
                    throw e;
                }
                // the stream itself was fine: the input ended inside the header
                throw new MalformedMessageException(e.getMessage());
            }
            print(header, out);
            out.flush();
            try {
                print(BodyLayout.read(header, tracked, input.size()), header, out);
            } catch (MessageFormatException e) {
                throw new MalformedMessageException(e.getMessage());
            }
        }
        out.flush();
        return EnvelopeCli.OK;
    }

    static void print(BodyLayout body, MessageHeader header, PrintWriter out) {
        if (body.framed()) {
            out.println("frames: " + body.frames() + " (" + (body.frames() - 1) + " full of " + header.frameLength()
                    + " bytes, and the final frame)");
            out.println("final frame length: " + body.finalFrameLength());
        } else {
            out.println("frames: none (non-framed body of " + body.finalFrameLength() + " bytes)");
        }
        out.println("signature footer: " + (body.signaturePresent() ? "present (" + body.signatureLength()
                + " bytes of signature)" : "absent (the suite does not sign)"));
        out.println("message length: " + body.messageLength());
        if (body.trailingBytes() != 0) {
            out.println("warning: the input goes on after the message ("
                    + (body.trailingBytes() > 0 ? body.trailingBytes() + " bytes" : "more bytes") + ")");
        }
    }

    static void print(MessageHeader header, PrintWriter out) {
        AlgorithmSuite suite = header.suite();
        out.println("message format version: " + header.version());
        out.println(String.format("algorithm suite: 0x%04X %s", suite.id(), suite.name()));
        out.println("message ID: " + HexFormat.of().formatHex(header.messageId()));
        Map<String, String> context = header.encryptionContext();
        out.println("encryption context: " + context.size() + (context.size() == 1 ? " entry" : " entries"));
        context.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                out.println("  " + Printable.escape(e.getKey()) + " = " + Printable.escape(e.getValue())));
        List<EncryptedDataKey> edks = header.encryptedDataKeys();
        out.println("encrypted data keys: " + edks.size());
        for (int i = 0; i < edks.size(); i++) {
            EncryptedDataKey edk = edks.get(i);
            out.println("  " + (i + 1) + ". provider ID: " + Printable.escape(edk.providerId()));
            out.println("     provider info: " + ProviderInfoText.describe(edk.providerInfo()));
            out.println("     ciphertext: " + edk.ciphertext().length + " bytes");
        }
        boolean framed = header.contentType() == ContentType.FRAMED;
        out.println("content type: " + (framed ? "framed" : "non-framed"));
        if (framed) {
            out.println("frame length: " + header.frameLength());
        }
        out.println("header length: " + header.length());
    }

    /** Tells failures of the underlying stream apart from the parser's complaint that the bytes ran out. */
    private static final class FailureTrackingInputStream extends FilterInputStream {
        boolean failed;

        FailureTrackingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }
}
