package org.envelopejca.benchmarks;

import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where Envelope's time over raw framed AES-GCM goes on a 1 MiB message: its frames, or its once-per-message work
 * (data key and its wrapping, HKDF, header and header tag), and what that work costs after the message has streamed
 * through the caches. Microseconds per operation of:
 * <ul>
 *   <li>{@code raw}: the raw framing of 1 MiB (the ceiling of {@link MessageSizes});</li>
 *   <li>{@code envelope}: Envelope on 1 MiB (initialised once, a {@code doFinal} per message);</li>
 *   <li>{@code raw+envelope-1k}: the raw framing of 1 MiB, then an Envelope message of 1 KiB: the frames of the raw
 *       baseline plus one message's worth of per-message work, run right after 1 MiB streamed through;</li>
 *   <li>{@code stream}: 1 MiB copied from one array to another, as many bytes read and written as a framing pass
 *       but no cryptography;</li>
 *   <li>{@code stream+envelope-1k}: that copy, then an Envelope message of 1 KiB;</li>
 *   <li>{@code envelope-1k}: Envelope messages of 1 KiB back to back (per-message work with warm caches).</li>
 * </ul>
 * If {@code envelope} is close to {@code raw+envelope-1k}, Envelope's frames cost what the raw frames cost and the
 * difference to {@code raw} is its per-message work; {@code stream+envelope-1k} minus {@code stream}, beside
 * {@code envelope-1k}, shows what that work costs when the caches hold the message's data instead of its code and
 * tables.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 2)
public class PerMessageCost extends MessageBenchmark {
    private static final int LARGE = 1 << 20;
    private static final int SMALL = 1024;
    private static final int FRAME_LENGTH = 65536;
    private static final String SUITE = "0x0478";

    @Param({"raw", "envelope", "raw+envelope-1k", "stream", "stream+envelope-1k", "envelope-1k"})
    public String variant;

    @Setup
    public void setUp() throws GeneralSecurityException {
        prepare(switch (variant) {
            case "raw" -> new RawWorkload(LARGE, FRAME_LENGTH);
            case "envelope" -> Workload.of("envelope-reused", LARGE, FRAME_LENGTH, SUITE);
            case "raw+envelope-1k" -> new Sequence(new RawWorkload(LARGE, FRAME_LENGTH), smallEnvelope());
            case "stream" -> new Stream(LARGE);
            case "stream+envelope-1k" -> new Sequence(new Stream(LARGE), smallEnvelope());
            case "envelope-1k" -> smallEnvelope();
            default -> throw new IllegalArgumentException("no such variant: " + variant);
        });
    }

    private static Workload smallEnvelope() throws GeneralSecurityException {
        return Workload.of("envelope-reused", SMALL, FRAME_LENGTH, SUITE);
    }

    /** One workload's operation, then the other's. */
    private record Sequence(Workload first, Workload second) implements Workload {
        @Override
        public int encrypt() throws GeneralSecurityException {
            return first.encrypt() + second.encrypt();
        }

        @Override
        public int decrypt() throws GeneralSecurityException {
            return first.decrypt() + second.decrypt();
        }
    }

    /** A copy of {@code length} bytes: the memory traffic of a framing pass without its cryptography. */
    private static final class Stream implements Workload {
        private final byte[] from;
        private final byte[] to;

        Stream(int length) {
            from = Inputs.plaintext(length);
            to = new byte[length];
        }

        @Override
        public int encrypt() {
            System.arraycopy(from, 0, to, 0, from.length);
            return to.length;
        }

        @Override
        public int decrypt() {
            System.arraycopy(to, 0, from, 0, to.length);
            return from.length;
        }
    }
}
