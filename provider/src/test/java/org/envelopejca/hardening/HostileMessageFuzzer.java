package org.envelopejca.hardening;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import org.envelopejca.DataKeyUnavailableException;
import org.envelopejca.EnvelopeDecryptionException;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.MalformedMessageException;
import org.envelopejca.hardening.Corpus.Sample;
import org.envelopejca.hardening.Mutator.Mutation;
import org.envelopejca.properties.Messages;

/**
 * Decrypts hostile messages and checks the promises of the decrypting Cipher (DESIGN: "update() releases plaintext
 * frame by frame, each only after its GCM tag verified"; the exception table):
 * <ul>
 * <li>released plaintext is always a prefix of the original plaintext, and no longer than the frames wholly before
 * the first changed byte;</li>
 * <li>a decryption that succeeds returns exactly the original plaintext (and is counted: it should not happen);</li>
 * <li>the only exceptions are AEADBadTagException (DataKeyUnavailableException included) and
 * MalformedMessageException, wrapped in EnvelopeDecryptionException when thrown by update; never a runtime
 * exception or an error (OutOfMemoryError included: no allocation follows a claimed length).</li>
 * </ul>
 * Case {@code i} of a run with seed {@code s} uses its own random source, so one case can be replayed alone.
 */
final class HostileMessageFuzzer {
    private static final int MAX_EXAMPLES = 10;

    private final List<Sample> corpus;
    /** Every valid message of the corpus (messages and twins), with its plaintext and layout. */
    private final List<Valid> valid = new ArrayList<>();
    private final Set<ByteBuffer> validMessages = new HashSet<>();
    private final long seed;
    private final Cipher cipher = Messages.newCipher();
    private long hugeClaims;
    private long badTag;
    private long dataKeyUnavailable;
    private long malformed;
    private long partialReleases;
    private long neutral;
    private long violations;
    private long maxCaseNanos;
    private final List<String> examples = new ArrayList<>();

    HostileMessageFuzzer(long seed) throws GeneralSecurityException {
        this(seed, List.of());
    }

    /** With more samples than the raw-key corpus (messages under KMS keys, whose engine the caller keeps open). */
    HostileMessageFuzzer(long seed, List<Sample> more) throws GeneralSecurityException {
        this.seed = seed;
        List<Sample> all = new ArrayList<>(Corpus.build(seed));
        all.addAll(more);
        this.corpus = List.copyOf(all);
        for (Sample sample : corpus) {
            valid.add(new Valid(sample.message(), sample.plaintext(), sample.fields()));
            valid.add(new Valid(sample.twin(), sample.twinPlaintext(), MessageFields.of(sample.twin())));
        }
        valid.forEach(v -> validMessages.add(ByteBuffer.wrap(v.message())));
    }

    /**
     * A message the corpus holds as valid.
     *
     * @param message   the message
     * @param plaintext what it encrypts
     * @param fields    its layout
     */
    private record Valid(byte[] message, byte[] plaintext, MessageFields fields) {
    }

    int corpusSize() {
        return corpus.size();
    }

    FuzzSummary run(long cases) {
        for (long i = 0; i < cases; i++) {
            runCase(i);
        }
        return new FuzzSummary(cases, hugeClaims, badTag, dataKeyUnavailable, malformed, partialReleases, neutral,
                violations, maxCaseNanos / 1_000_000, List.copyOf(examples));
    }

    void runCase(long index) {
        SplittableRandom random = new SplittableRandom(seed ^ (index * 0x9E3779B97F4A7C15L));
        Sample sample = corpus.get(random.nextInt(corpus.size()));
        Mutation mutation = Mutator.mutate(sample, corpus, random);
        // A splice cut before the first byte where a message and its twin differ is the twin itself: valid, not
        // hostile. Only messages that are none of the corpus's valid messages count as cases.
        while (validMessages.contains(ByteBuffer.wrap(mutation.bytes()))) {
            mutation = Mutator.mutate(sample, corpus, random);
        }
        if (mutation.hugeClaim()) {
            hugeClaims++;
        }
        EnvelopeParameterSpec spec = random.nextInt(4) == 0
                ? sample.readSpec().toBuilder().maxEncryptedDataKeys(65_535).build() : sample.readSpec();
        int maxChunk = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 8 : 2000);
        // How the output is taken: arrays the Cipher allocates, arrays or (heap or direct) buffers sized by
        // getOutputSize, which must be big enough whatever the input.
        ReadMode mode = ReadMode.values()[random.nextInt(ReadMode.values().length)];
        long start = System.nanoTime();
        check(index, sample, mutation, spec, maxChunk, mode, random);
        maxCaseNanos = Math.max(maxCaseNanos, System.nanoTime() - start);
    }

    private enum ReadMode { RETURNED_ARRAYS, SIZED_ARRAYS, HEAP_BUFFERS, DIRECT_BUFFERS }

    private void check(long index, Sample sample, Mutation mutation, EnvelopeParameterSpec spec, int maxChunk,
            ReadMode mode, SplittableRandom random) {
        byte[] hostile = mutation.bytes();
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        Throwable failure = null;
        boolean inUpdate = false;
        try {
            cipher.init(Cipher.DECRYPT_MODE, sample.key(), spec);
            int offset = 0;
            if (maxChunk > 0) {
                inUpdate = true;
                while (offset < hostile.length) {
                    int n = Math.min(hostile.length - offset, 1 + random.nextInt(maxChunk));
                    read(mode, hostile, offset, n, false, released);
                    offset += n;
                }
                inUpdate = false;
            }
            read(mode, hostile, offset, hostile.length - offset, true, released);
        } catch (Throwable t) {
            failure = t;
        }
        byte[] output = released.toByteArray();
        // The AES key of a raw-AES sample is Corpus.aesKey(keySeed, bits / 8): enough to replay a reported message.
        String what = "case " + index + " of seed " + seed + ": " + sample.description() + " (key seed "
                + sample.keySeed() + ", read with " + mode + (maxChunk == 0 ? ", one doFinal" : ", chunks up to "
                + maxChunk) + ", maxEncryptedDataKeys " + spec.maxEncryptedDataKeys() + "); " + mutation.description();
        if (failure == null) {
            if (Arrays.equals(output, sample.plaintext())) {
                neutral++;
                example("neutral (decrypted to the original plaintext): " + what, hostile);
            } else {
                violation("decrypted to a different plaintext of " + output.length + " bytes: " + what, hostile);
            }
            return;
        }
        Throwable reason = failure;
        if (inUpdate && failure instanceof EnvelopeDecryptionException && failure.getCause() != null) {
            reason = failure.getCause();
        }
        if (reason instanceof DataKeyUnavailableException) {
            dataKeyUnavailable++;
        } else if (reason instanceof AEADBadTagException) {
            badTag++;
        } else if (reason instanceof MalformedMessageException) {
            malformed++;
        } else {
            violation("threw " + failure + (failure.getCause() == null ? "" : " caused by " + failure.getCause())
                    + (inUpdate ? " from update" : " from doFinal") + ": " + what, hostile);
            return;
        }
        if (!releasedOnlyVerified(output, hostile)) {
            violation("released " + output.length + " bytes that are not verified plaintext: no valid message shares"
                    + " with the hostile one a prefix whose frames carry them: " + what, hostile);
        } else if (output.length > 0) {
            partialReleases++;
        }
    }

    /**
     * Whether the released bytes are a prefix of the plaintext of some valid message, no longer than the frames of it
     * that lie wholly before the first byte where the hostile message departs from it. Mostly that message is the
     * mutated one; after a splice that kept only the first bytes of the header (equal in a message and its twin) it
     * is the twin, whose frames do verify.
     */
    private boolean releasedOnlyVerified(byte[] output, byte[] hostile) {
        for (Valid v : valid) {
            int firstChange = firstDifference(v.message(), hostile);
            int allowed = v.fields().releasableBefore(firstChange, v.plaintext().length);
            if (output.length <= allowed && Arrays.equals(output, 0, output.length, v.plaintext(), 0, output.length)) {
                return true;
            }
        }
        return false;
    }

    /** One update (or the doFinal) in the given mode; whatever the Cipher released goes to {@code released}. */
    private void read(ReadMode mode, byte[] in, int offset, int length, boolean last, ByteArrayOutputStream released)
            throws GeneralSecurityException {
        switch (mode) {
            case RETURNED_ARRAYS -> {
                byte[] out = last ? cipher.doFinal(in, offset, length) : cipher.update(in, offset, length);
                if (out != null) {
                    released.writeBytes(out);
                }
            }
            case SIZED_ARRAYS -> {
                byte[] out = new byte[cipher.getOutputSize(length)];
                int n = last ? cipher.doFinal(in, offset, length, out, 0) : cipher.update(in, offset, length, out, 0);
                released.write(out, 0, n);
            }
            case HEAP_BUFFERS, DIRECT_BUFFERS -> {
                int size = cipher.getOutputSize(length);
                ByteBuffer out = mode == ReadMode.HEAP_BUFFERS ? ByteBuffer.allocate(size) : ByteBuffer.allocateDirect(size);
                ByteBuffer input = ByteBuffer.wrap(in, offset, length);
                int n = last ? cipher.doFinal(input, out) : cipher.update(input, out);
                out.flip();
                if (out.remaining() != n) {
                    throw new AssertionError("the Cipher reported " + n + " bytes but wrote " + out.remaining());
                }
                byte[] bytes = new byte[n];
                out.get(bytes);
                released.writeBytes(bytes);
            }
        }
    }

    /** The first index where the two differ, or where the shorter one ends. */
    static int firstDifference(byte[] original, byte[] hostile) {
        int mismatch = Arrays.mismatch(original, hostile);
        return mismatch < 0 ? original.length : mismatch;
    }

    private void violation(String what, byte[] hostile) {
        violations++;
        example("VIOLATION " + what, hostile);
    }

    private void example(String what, byte[] hostile) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(what + (hostile.length <= 4096 ? "; message hex " + HexFormat.of().formatHex(hostile) : ""));
        }
    }
}
