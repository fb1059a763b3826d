package org.envelopejca.kms.local;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to open a {@link LocalKms} store. Built with {@link #builder()}; {@link #defaults()} gives region
 * {@code us-east-1}, account {@code 111122223333}, the system UTC clock, a root-key file (no password), the audit
 * log {@code audit.log} in the store directory, synced as {@link AuditSync#BATCHED}, and the caller
 * {@link Caller#LOCAL}.
 *
 * <p>The password, when given, is copied; {@link #destroyPassword()} zeroes that copy (LocalKms.open does not
 * need it afterwards). {@link #toString()} never shows it.
 */
public final class LocalKmsOptions {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    private final String region;
    private final String account;
    private final Clock clock;
    private final char[] password;
    private final Argon2Settings argon2;
    private final Path auditLog;
    private final Caller caller;
    private final AuditSync auditSync;
    private final boolean acceptRollback;
    private final List<CopyTarget> copies;
    private final int copiesRequired;
    private final AuditDeliverySettings auditDelivery;

    private LocalKmsOptions(Builder b) {
        if (b.copiesRequired > b.copies.size()) {
            throw new IllegalArgumentException("copies required (" + b.copiesRequired + ") is more than the "
                    + b.copies.size() + " copy targets configured");
        }
        this.copies = List.copyOf(b.copies);
        this.copiesRequired = b.copiesRequired;
        this.auditDelivery = b.auditDelivery;
        this.acceptRollback = b.acceptRollback;
        this.region = b.region;
        this.account = b.account;
        this.clock = b.clock;
        this.password = b.password == null ? null : b.password.clone();
        this.argon2 = b.argon2;
        this.auditLog = b.auditLog;
        this.caller = b.caller;
        this.auditSync = b.auditSync;
    }

    public static LocalKmsOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String region() {
        return region;
    }

    public String account() {
        return account;
    }

    public Clock clock() {
        return clock;
    }

    /** A copy of the password, or null when the root key lives in a file. The caller zeroes the copy. */
    public char[] password() {
        return password == null ? null : password.clone();
    }

    public boolean hasPassword() {
        return password != null;
    }

    /** Argon2id costs for a store created with a password (an existing store keeps its own). */
    public Argon2Settings argon2() {
        return argon2;
    }

    /** The audit log file, or null for {@code audit.log} in the store directory. */
    public Path auditLog() {
        return auditLog;
    }

    /** The caller recorded in the audit log unless a view from {@link LocalKms#withCaller} says otherwise. */
    public Caller caller() {
        return caller;
    }

    /** Whether each audit line is forced to disk before the call returns (default true). */
    public AuditSync auditSync() {
        return auditSync;
    }

    /** Whether an older store file than the audit chain records is accepted (see {@link StoreRollbackException}). */
    public boolean acceptRollback() {
        return acceptRollback;
    }

    /** Where the sealed store is copied after each change (empty: nowhere). */
    public List<CopyTarget> copies() {
        return copies;
    }

    /** How many of {@link #copies()} must take a change before it is applied; 0: copies are best effort. */
    public int copiesRequired() {
        return copiesRequired;
    }

    /** Where the engine delivers its audit log, or null: no delivery. */
    public AuditDeliverySettings auditDelivery() {
        return auditDelivery;
    }

    public void destroyPassword() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public String toString() {
        return "LocalKmsOptions[region=" + region + ", account=" + account + ", clock=" + clock + ", rootKey="
                + (password == null ? "file" : "password") + ", argon2=" + argon2 + ", auditLog=" + auditLog
                + ", caller=" + caller + ", auditSync=" + auditSync + ", acceptRollback=" + acceptRollback
                + ", copies=" + copies.stream().map(CopyTarget::location).toList() + ", copiesRequired=" + copiesRequired
                + ", auditDelivery=" + (auditDelivery == null ? "off" : auditDelivery.bucket()) + "]";
    }

    public static final class Builder {
        private String region = "us-east-1";
        private String account = "111122223333";
        private Clock clock = Clock.systemUTC();
        private char[] password;
        private Argon2Settings argon2 = Argon2Settings.DEFAULT;
        private Path auditLog;
        private Caller caller = Caller.LOCAL;
        private AuditSync auditSync = AuditSync.BATCHED;
        private boolean acceptRollback;
        private List<CopyTarget> copies = List.of();
        private int copiesRequired;
        private AuditDeliverySettings auditDelivery;

        private Builder() {
        }

        /** Deliver the audit log to S3 (see {@link AuditDelivery}); null, the default: no delivery. */
        public Builder auditDelivery(AuditDeliverySettings auditDelivery) {
            this.auditDelivery = auditDelivery;
            return this;
        }

        /**
         * Also write the sealed store, after each change, to these targets (see {@link CopyTarget}); default none.
         */
        public Builder copies(List<CopyTarget> copies) {
            this.copies = List.copyOf(Objects.requireNonNull(copies, "copies"));
            return this;
        }

        /**
         * How many copy targets must take a change before it is applied locally and acknowledged (0, the default:
         * copies are best effort and never fail a change). At most the number of targets.
         */
        public Builder copiesRequired(int copiesRequired) {
            if (copiesRequired < 0) {
                throw new IllegalArgumentException("copies required must be 0 or more");
            }
            this.copiesRequired = copiesRequired;
            return this;
        }

        /**
         * Accept a store file older than the newest generation its keyed audit chain records (a backup restored on
         * purpose): the open records the acceptance in the audit log and moves the store's generation past the
         * recorded one. Default false: such a store is refused with {@link StoreRollbackException}.
         */
        public Builder acceptRollback(boolean acceptRollback) {
            this.acceptRollback = acceptRollback;
            return this;
        }

        public Builder region(String region) {
            if (!REGION.matcher(Objects.requireNonNull(region, "region")).matches()) {
                throw new IllegalArgumentException("not a region name: " + region);
            }
            this.region = region;
            return this;
        }

        public Builder account(String account) {
            if (!ACCOUNT.matcher(Objects.requireNonNull(account, "account")).matches()) {
                throw new IllegalArgumentException("an account ID has 12 digits");
            }
            this.account = account;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Derive the root key from this password (copied; zero your array yourself). Null: a root-key file. */
        public Builder password(char[] password) {
            this.password = password == null ? null : password.clone();
            return this;
        }

        public Builder argon2(Argon2Settings argon2) {
            this.argon2 = Objects.requireNonNull(argon2, "argon2");
            return this;
        }

        public Builder auditLog(Path auditLog) {
            this.auditLog = auditLog;
            return this;
        }

        public Builder caller(Caller caller) {
            this.caller = Objects.requireNonNull(caller, "caller");
            return this;
        }

        /** When audit lines are forced to disk; default {@link AuditSync#BATCHED}. */
        public Builder auditSync(AuditSync auditSync) {
            this.auditSync = Objects.requireNonNull(auditSync, "auditSync");
            return this;
        }

        public LocalKmsOptions build() {
            LocalKmsOptions options = new LocalKmsOptions(this);
            if (password != null) {
                Arrays.fill(password, '\0');
                password = null;
            }
            return options;
        }
    }
}
