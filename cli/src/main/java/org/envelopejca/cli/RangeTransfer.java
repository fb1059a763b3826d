package org.envelopejca.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.envelopejca.DecryptedMessageChannel;
import org.envelopejca.EnvelopeRangeDecryptor;

/** A plaintext range of a message file to the output, committing the output only after the whole range verified. */
final class RangeTransfer {

    private RangeTransfer() {
    }

    static void run(EnvelopeRangeDecryptor decryptor, Input input, Output output, RangeOptions.PlaintextRange range)
            throws IOException, GeneralSecurityException, UsageException {
        if (input.file() == null || input.size() < 0) {
            throw new UsageException("a range needs a regular file input (--in FILE): the message is read at the "
                    + "places its frames lie, not from start to end");
        }
        try (FileChannel file = FileChannel.open(input.file(), StandardOpenOption.READ);
             DecryptedMessageChannel plaintext = decryptor.open(file);
             Output.Sink sink = output.open()) {
            long left = Math.min(range.length(), Math.max(0, plaintext.size() - range.offset()));
            plaintext.position(range.offset());
            ByteBuffer buffer = ByteBuffer.allocate(CipherPump.BUFFER_SIZE);
            OutputStream out = sink.stream();
            while (left > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), left));
                int n = plaintext.read(buffer);
                if (n < 0) {
                    break;
                }
                out.write(buffer.array(), 0, n);
                left -= n;
            }
            Arrays.fill(buffer.array(), (byte) 0);
            sink.commit();
        }
    }
}
