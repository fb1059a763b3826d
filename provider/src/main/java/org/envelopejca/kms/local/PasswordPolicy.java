package org.envelopejca.kms.local;

/**
 * The minimum strength of the password of a new password-protected store. Whoever can copy {@code root.json} (its
 * salt and verifier) can guess offline, at Argon2id's cost per guess, so the password must not be among the first
 * guesses. The rule, deliberately simple and documented:
 * <ul>
 *   <li>at least {@link #MIN_LENGTH} characters;</li>
 *   <li>an estimate of at least {@link #MIN_BITS} bits: the effective length times log2 of the alphabet its
 *       character classes span (lowercase 26, uppercase 26, digits 10, other ASCII 33, anything else 100). A
 *       character does not count when it repeats the previous one ({@code aaaa}) or continues a run of steps of one
 *       ({@code abcd}, {@code 4321}); the effective length is at most twice the number of distinct characters
 *       ({@code abababab}).</li>
 * </ul>
 * Roughly: 12 random lowercase letters or digits pass, as do four or more random words; {@code password1234},
 * {@code aaaaaaaaaaaa} and {@code abcdefghijkl} do not. It is no dictionary check. Existing stores open with any
 * password they were created with.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MIN_BITS = 50;

    private PasswordPolicy() {
    }

    /** @throws WeakPasswordException when {@code password} is below the rule; the message never contains it */
    public static void check(char[] password) throws WeakPasswordException {
        if (password.length < MIN_LENGTH) {
            throw new WeakPasswordException("the password of a new store must have at least " + MIN_LENGTH
                    + " characters (it has " + password.length + ")");
        }
        double bits = estimatedBits(password);
        if (bits < MIN_BITS) {
            throw new WeakPasswordException(String.format(java.util.Locale.ROOT, "the password of a new store is too "
                    + "easy to guess (about %.0f bits where %d are needed): make it longer, or mix letters, digits and "
                    + "symbols, without repeated or sequential runs", bits, MIN_BITS));
        }
    }

    /** The estimate described above, in bits. */
    public static double estimatedBits(char[] password) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean symbol = false;
        boolean other = false;
        int effective = 0;
        java.util.BitSet distinct = new java.util.BitSet();
        for (int i = 0; i < password.length; i++) {
            char c = password[i];
            distinct.set(c);
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c >= 0x20 && c < 0x7f) {
                symbol = true;
            } else {
                other = true;
            }
            if (i > 0 && Math.abs(c - password[i - 1]) <= 1) {
                continue; // a repeat or a step of one continues a run: no new guess
            }
            effective++;
        }
        int pool = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0) + (other ? 100 : 0);
        int length = Math.min(effective, 2 * distinct.cardinality());
        return pool < 2 ? 0 : length * (Math.log(pool) / Math.log(2));
    }
}
