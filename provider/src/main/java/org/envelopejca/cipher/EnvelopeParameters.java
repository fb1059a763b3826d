package org.envelopejca.cipher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.AlgorithmParametersSpi;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.InvalidParameterSpecException;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.keyring.EncryptionContextCodec;
import org.envelopejca.message.AlgorithmSuite;

/**
 * AlgorithmParameters "Envelope": carries an {@link EnvelopeParameterSpec}. The encoding (this provider's own) is
 * u16 suite ID, u32 frame length, u8 message ID length and message ID, u16 context length and the ESDK serialized
 * encryption context; it carries no keys.
 */
public final class EnvelopeParameters extends AlgorithmParametersSpi {
    private EnvelopeParameterSpec spec;

    @Override
    protected void engineInit(AlgorithmParameterSpec paramSpec) throws InvalidParameterSpecException {
        if (!(paramSpec instanceof EnvelopeParameterSpec s)) {
            throw new InvalidParameterSpecException("expected an EnvelopeParameterSpec");
        }
        spec = s;
    }

    @Override
    protected void engineInit(byte[] params) throws IOException {
        try {
            ByteBuffer b = ByteBuffer.wrap(params);
            int suiteId = Short.toUnsignedInt(b.getShort());
            int frameLength = b.getInt();
            byte[] messageId = new byte[Byte.toUnsignedInt(b.get())];
            b.get(messageId);
            int contextLength = Short.toUnsignedInt(b.getShort());
            if (contextLength != b.remaining()) {
                throw new IOException("malformed Envelope parameters");
            }
            EnvelopeParameterSpec.Builder builder = EnvelopeParameterSpec.builder()
                    .algorithmSuite(suiteId)
                    .frameLength(frameLength)
                    .encryptionContext(EncryptionContextCodec.parse(params, b.position(), contextLength));
            if (messageId.length > 0) {
                builder.messageId(messageId);
            }
            spec = builder.build();
        } catch (RuntimeException e) {
            throw new IOException("malformed Envelope parameters", e);
        }
    }

    @Override
    protected void engineInit(byte[] params, String format) throws IOException {
        checkFormat(format);
        engineInit(params);
    }

    @Override
    protected <T extends AlgorithmParameterSpec> T engineGetParameterSpec(Class<T> paramSpec)
            throws InvalidParameterSpecException {
        if (paramSpec.isAssignableFrom(EnvelopeParameterSpec.class)) {
            return paramSpec.cast(spec);
        }
        throw new InvalidParameterSpecException("only EnvelopeParameterSpec is supported");
    }

    @Override
    protected byte[] engineGetEncoded() {
        AlgorithmSuite suite = spec.algorithmSuite();
        byte[] messageId = spec.messageId().orElse(new byte[0]);
        byte[] context = EncryptionContextCodec.serialize(spec.encryptionContext());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer fixed = ByteBuffer.allocate(2 + 4 + 1);
        fixed.putShort((short) suite.id()).putInt(spec.frameLength()).put((byte) messageId.length);
        out.writeBytes(fixed.array());
        out.writeBytes(messageId);
        out.write(context.length >>> 8);
        out.write(context.length);
        out.writeBytes(context);
        return out.toByteArray();
    }

    @Override
    protected byte[] engineGetEncoded(String format) throws IOException {
        checkFormat(format);
        return engineGetEncoded();
    }

    private static void checkFormat(String format) throws IOException {
        if (format != null && !format.equalsIgnoreCase("RAW")) {
            throw new IOException("only the RAW format is supported");
        }
    }

    @Override
    protected String engineToString() {
        return String.valueOf(spec);
    }
}
