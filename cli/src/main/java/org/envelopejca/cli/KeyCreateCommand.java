package org.envelopejca.cli;

import java.io.PrintWriter;
import org.envelopejca.keystore.KmsKeyGenParameterSpec;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.KeyUsage;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create a KMS key (CMK), with an alias if --alias is given.")
final class KeyCreateCommand extends KmsCommand {

    /** Symmetric keys rotate yearly unless told otherwise (the KeyGenerator's default). */
    static final int DEFAULT_ROTATION_DAYS = 365;

    @Option(names = "--alias", paramLabel = "ALIAS", order = 1,
            description = "Alias for the new key: alias/NAME or NAME (it must not exist yet).")
    String alias;

    @Option(names = "--description", paramLabel = "TEXT", order = 2, defaultValue = "",
            description = "Free text stored with the key.")
    String description;

    @Option(names = "--spec", paramLabel = "SPEC", order = 3, defaultValue = "SYMMETRIC_DEFAULT",
            description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). RSA keys wrap data keys "
                    + "with RSAES-OAEP-SHA-256 and do not rotate.")
    KeySpec keySpec;

    @Option(names = "--usage", paramLabel = "USAGE", order = 3, defaultValue = "ENCRYPT_DECRYPT",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}), fixed for the key's life. "
                    + "SIGN_VERIFY keys (RSA or ECC_NIST_P256/P384/P521) sign (envelope sign) and do not rotate.")
    KeyUsage usage;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Rotation rotation;

    static final class Rotation {
        @Option(names = "--rotation-days", paramLabel = "DAYS", order = 4,
                description = "Automatic rotation period of a symmetric key, 90..2560 days (default: "
                        + DEFAULT_ROTATION_DAYS + ").")
        Integer days;

        @Option(names = "--no-rotation", order = 5, description = "No automatic rotation.")
        boolean none;
    }

    @Option(names = "--multi-region", order = 6, description = "Create a multi-Region key (key ID mrk-...).")
    boolean multiRegion;

    private KmsKeyGenParameterSpec keySpec() throws UsageException {
        int days;
        if (rotation != null && rotation.none) {
            days = 0;
        } else if (rotation != null && rotation.days != null) {
            days = rotation.days;
        } else {
            days = keySpec.isSymmetric() ? DEFAULT_ROTATION_DAYS : 0;
        }
        try {
            return new KmsKeyGenParameterSpec(keySpec, description, days, multiRegion);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    @Override
    void check() throws UsageException {
        if (!keySpec.usages().contains(usage)) {
            throw new UsageException("--spec " + keySpec + " cannot have --usage " + usage + " (it can: "
                    + keySpec.usages() + ")");
        }
        if (usage == KeyUsage.SIGN_VERIFY && (rotation != null && rotation.days != null || multiRegion)) {
            throw new UsageException("signing keys neither rotate nor are multi-Region here");
        }
        keySpec();
        if (alias != null) {
            KeyReference.aliasToCreate(alias);
        }
    }

    @Override
    void run(KmsSession session, PrintWriter out) throws Exception {
        String aliasName = alias == null ? null : KeyReference.aliasToCreate(alias);
        if (aliasName != null && session.keyStore().containsAlias(aliasName)) {
            throw new UsageException("alias " + aliasName + " already exists (envelope keys alias update moves it)");
        }
        KeyMetadata created;
        if (usage == KeyUsage.SIGN_VERIFY) {
            // CreateKey with the usage, then the alias: the KeyStore's KeyGenerator makes encryption keys only
            created = session.kms().createKey(CreateKeyRequest.signing(keySpec, description));
            if (aliasName != null) {
                session.kms().createAlias(aliasName, created.arn());
            }
        } else {
            created = session.createKey(keySpec(), aliasName);
        }
        KeyDetails details = KeyDetails.load(session, created.arn());
        if (json) {
            JsonOutput.print(out, details.toJson());
        } else {
            out.println("created " + created.arn() + (aliasName == null ? "" : " with alias " + aliasName));
            details.print(out);
        }
    }
}
