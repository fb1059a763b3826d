package org.envelopejca.hardening;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.envelopejca.hardening.Corpus.Sample;
import org.envelopejca.hardening.MessageFields.Field;

/**
 * Turns a valid message into a hostile one: bit flips, byte replacements, truncation, splices of two messages,
 * garbage or a whole second message after the end, inserted or deleted bytes, and length or count fields set to
 * extremes (0, 1, the largest values of the field, values one off). Pure function of the random source.
 */
final class Mutator {

    /**
     * A mutated message.
     *
     * @param bytes       the hostile message
     * @param description what was done, for a failure report
     * @param hugeClaim   whether a length or count field now claims 65 535 or more (bytes, entries, frames)
     */
    record Mutation(byte[] bytes, String description, boolean hugeClaim) {
        Mutation(byte[] bytes, String description) {
            this(bytes, description, false);
        }
    }

    private Mutator() {
    }

    static Mutation mutate(Sample sample, List<Sample> corpus, SplittableRandom random) {
        int kind = random.nextInt(100);
        if (kind < 5) {
            // Several mutations on top of each other.
            Mutation m = one(sample.message(), sample, corpus, random);
            StringBuilder description = new StringBuilder(m.description());
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                m = one(m.bytes(), sample, corpus, random);
                description.append(" + ").append(m.description());
            }
            return new Mutation(m.bytes(), description.toString(), m.hugeClaim());
        }
        return one(sample.message(), sample, corpus, random);
    }

    private static Mutation one(byte[] message, Sample sample, List<Sample> corpus, SplittableRandom random) {
        int kind = random.nextInt(95);
        if (message.length == 0) {
            return extend(message, random);
        }
        if (kind < 15) {
            byte[] b = message.clone();
            int bit = random.nextInt(8 * b.length);
            b[bit / 8] ^= (byte) (1 << (bit % 8));
            return new Mutation(b, "flip bit " + bit % 8 + " of byte " + bit / 8);
        } else if (kind < 25) {
            byte[] b = message.clone();
            int at = random.nextInt(b.length);
            int value = switch (random.nextInt(3)) {
                case 0 -> 0;
                case 1 -> 0xFF;
                default -> random.nextInt(256);
            };
            b[at] = (byte) value;
            return new Mutation(b, "byte " + at + " := " + value);
        } else if (kind < 35) {
            int length = random.nextInt(message.length);
            return new Mutation(Arrays.copyOf(message, length), "truncate to " + length);
        } else if (kind < 45) {
            return splice(message, sample, corpus, random);
        } else if (kind < 55) {
            return extend(message, random);
        } else if (kind < 58) {
            Sample other = random.nextBoolean() ? sample : corpus.get(random.nextInt(corpus.size()));
            byte[] b = concat(message, other.twin());
            return new Mutation(b, "append a whole message (" + other.description() + ")");
        } else if (kind < 63) {
            int at = random.nextInt(message.length + 1);
            byte[] inserted = new byte[1 + random.nextInt(32)];
            random.nextBytes(inserted);
            byte[] b = concat(concat(Arrays.copyOf(message, at), inserted), Arrays.copyOfRange(message, at, message.length));
            return new Mutation(b, "insert " + inserted.length + " bytes at " + at);
        } else if (kind < 68) {
            int at = random.nextInt(message.length);
            int n = 1 + random.nextInt(Math.min(32, message.length - at));
            byte[] b = concat(Arrays.copyOf(message, at), Arrays.copyOfRange(message, at + n, message.length));
            return new Mutation(b, "delete " + n + " bytes at " + at);
        }
        return lengthField(message, sample, random);
    }

    private static Mutation splice(byte[] message, Sample sample, List<Sample> corpus, SplittableRandom random) {
        Sample other = random.nextInt(3) > 0 ? sample : corpus.get(random.nextInt(corpus.size()));
        byte[] donor = random.nextBoolean() ? other.twin() : other.message();
        int cut = random.nextInt(message.length + 1);
        // Mostly at the same offset (the two messages have the same shape, so frames line up).
        int from = random.nextInt(3) > 0 ? Math.min(cut, donor.length) : random.nextInt(donor.length + 1);
        byte[] b = concat(Arrays.copyOf(message, cut), Arrays.copyOfRange(donor, from, donor.length));
        return new Mutation(b, "splice: first " + cut + " bytes, then bytes " + from + ".. of "
                + (other == sample ? "a twin" : other.description()));
    }

    private static Mutation extend(byte[] message, SplittableRandom random) {
        byte[] garbage = new byte[1 + random.nextInt(random.nextBoolean() ? 4 : 200)];
        random.nextBytes(garbage);
        return new Mutation(concat(message, garbage), garbage.length + " bytes of garbage after the end");
    }

    /**
     * A length or count field set to an extreme. Fields are located in the original message; after a previous
     * mutation moved bytes, the offsets may hit other bytes, which is one more hostile input.
     */
    private static Mutation lengthField(byte[] message, Sample sample, SplittableRandom random) {
        List<Field> fields = sample.fields().fields();
        Field field = fields.get(random.nextInt(fields.size()));
        if (field.offset() + field.width() > message.length) {
            return extend(message, random);
        }
        long original = read(message, field);
        long max = field.width() == 8 ? -1L : (1L << (8 * field.width())) - 1;
        long[] extremes = {0, 1, max, max - 1, max >>> 1, (max >>> 1) + 1, original + 1, original - 1,
            1L << 30, (1L << 30) + 1, (1L << 36) - 32, (1L << 36), Long.MAX_VALUE, random.nextLong()};
        long value = extremes[random.nextInt(extremes.length)];
        byte[] b = message.clone();
        for (int i = field.width() - 1, v = 0; i >= 0; i--, v++) {
            b[field.offset() + i] = (byte) (value >>> (8 * v));
        }
        long claimed = read(b, field);
        return new Mutation(b, field.name() + " at " + field.offset() + " := " + Long.toUnsignedString(claimed)
                + " (was " + original + ")", Long.compareUnsigned(claimed, 0xFFFF) >= 0);
    }

    private static long read(byte[] message, Field field) {
        long value = 0;
        for (int i = 0; i < field.width(); i++) {
            value = (value << 8) | Byte.toUnsignedLong(message[field.offset() + i]);
        }
        return value;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
