package org.envelopejca.hardening;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
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
    private final long seed;
    private final Cipher cipher = Messages.newCipher();
    private long badTag;
    private long dataKeyUnavailable;
    private long malformed;
    private long partialReleases;
    private long neutral;
    private long violations;
    private long maxCaseNanos;
    private final List<String> examples = new ArrayList<>();

    HostileMessageFuzzer(long seed) throws GeneralSecurityException {
        this.seed = seed;
        this.corpus = Corpus.build(seed);
    }

    int corpusSize() {
        return corpus.size();
    }

    FuzzSummary run(long cases) {
        for (long i = 0; i < cases; i++) {
            runCase(i);
        }
        return new FuzzSummary(cases, badTag, dataKeyUnavailable, malformed, partialReleases, neutral, violations,
                maxCaseNanos / 1_000_000, List.copyOf(examples));
    }

    void runCase(long index) {
        SplittableRandom random = new SplittableRandom(seed ^ (index * 0x9E3779B97F4A7C15L));
        Sample sample = corpus.get(random.nextInt(corpus.size()));
        Mutation mutation = Mutator.mutate(sample, corpus, random);
        while (Arrays.equals(mutation.bytes(), sample.message())) {
            mutation = Mutator.mutate(sample, corpus, random);
        }
        EnvelopeParameterSpec spec = random.nextInt(4) == 0
                ? sample.readSpec().toBuilder().maxEncryptedDataKeys(65_535).build() : sample.readSpec();
        int maxChunk = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 8 : 2000);
        long start = System.nanoTime();
        check(index, sample, mutation, spec, maxChunk, random);
        maxCaseNanos = Math.max(maxCaseNanos, System.nanoTime() - start);
    }

    private void check(long index, Sample sample, Mutation mutation, EnvelopeParameterSpec spec, int maxChunk,
            SplittableRandom random) {
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
                    byte[] out = cipher.update(hostile, offset, n);
                    if (out != null) {
                        released.writeBytes(out);
                    }
                    offset += n;
                }
                inUpdate = false;
            }
            released.writeBytes(cipher.doFinal(hostile, offset, hostile.length - offset));
        } catch (Throwable t) {
            failure = t;
        }
        byte[] output = released.toByteArray();
        String what = "case " + index + " of seed " + seed + ": " + sample.description() + "; " + mutation.description();
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
        int firstChange = firstDifference(sample.message(), hostile);
        int allowed = sample.fields().releasableBefore(firstChange, sample.plaintext().length);
        if (output.length > allowed
                || !Arrays.equals(output, Arrays.copyOf(sample.plaintext(), Math.min(output.length, sample.plaintext().length)))
                || output.length > sample.plaintext().length) {
            violation("released " + output.length + " bytes, but only " + allowed + " bytes of verified plaintext"
                    + " precede byte " + firstChange + " (or they differ from the plaintext): " + what, hostile);
        } else if (output.length > 0) {
            partialReleases++;
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
