package org.envelopejca.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.envelopejca.kms.AliasEntry;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.Page;
import org.envelopejca.kms.RotationStatus;

/**
 * What {@code keys describe} (and the commands that change a key) show of a key.
 *
 * @param metadata DescribeKey's answer
 * @param aliases  the aliases naming the key (the engine's, then the configuration's static ones)
 * @param rotation the rotation status of a symmetric key, null for RSA keys
 * @param versions backing-key versions (1 + rotations) where the engine tells, else null
 */
record KeyDetails(KeyMetadata metadata, List<String> aliases, RotationStatus rotation, Integer versions) {

    private static final int PAGE = 100;

    static KeyDetails load(KmsSession session, String keyId) throws UsageException, KmsException {
        Kms kms = session.kms();
        KeyMetadata m = kms.describeKey(keyId);
        RotationStatus rotation = m.keySpec().isSymmetric() ? kms.getKeyRotationStatus(m.arn()) : null;
        Integer versions = session.local() != null ? session.local().keyVersionCount(m.arn()) : null;
        return new KeyDetails(m, aliasesOf(session, m.arn()), rotation, versions);
    }

    static List<String> aliasesOf(KmsSession session, String arn) throws UsageException, KmsException {
        List<String> names = new ArrayList<>();
        String marker = null;
        do {
            Page<AliasEntry> page = session.kms().listAliases(arn, PAGE, marker);
            page.items().forEach(a -> names.add(a.aliasName()));
            marker = page.nextMarker();
        } while (marker != null);
        for (Map.Entry<String, List<String>> e : session.config().staticAliases().entrySet()) {
            if (e.getValue().contains(arn)) {
                names.add(e.getKey());
            }
        }
        return names;
    }

    void print(PrintWriter out) {
        Table t = new Table("", "");
        t.add("key ID:", metadata.keyId());
        t.add("ARN:", metadata.arn());
        t.add("aliases:", aliases.isEmpty() ? "-" : String.join(", ", aliases));
        t.add("state:", metadata.keyState().awsName() + (metadata.deletionDate() == null ? ""
                : " (deletion on " + metadata.deletionDate() + ")"));
        t.add("spec:", metadata.keySpec().name());
        if (metadata.keyUsage() != null) {
            t.add("usage:", metadata.keyUsage().name() + (metadata.signingAlgorithms().isEmpty() ? ""
                    : " (" + metadata.signingAlgorithms().stream().map(Enum::name)
                    .collect(java.util.stream.Collectors.joining(", ")) + ")"));
        }
        t.add("description:", Printable.escape(metadata.description()));
        t.add("created:", String.valueOf(metadata.creationDate()));
        t.add("multi-Region:", metadata.multiRegion() ? "yes" : "no");
        if (rotation != null) {
            t.add("rotation:", (rotation.enabled() ? "automatic every " + rotation.periodDays() + " days, next "
                    + rotation.nextRotationDate() : "no automatic rotation") + "; on-demand rotations: "
                    + rotation.onDemandRotations());
        }
        if (versions != null) {
            t.add("key versions:", versions.toString());
        }
        t.printWithoutHeader(out);
    }

    ObjectNode toJson() {
        ObjectNode o = JsonOutput.object();
        o.put("keyId", metadata.keyId());
        o.put("arn", metadata.arn());
        if (metadata.keyUsage() != null) {
            o.put("keyUsage", metadata.keyUsage().name());
            ArrayNode signing = o.putArray("signingAlgorithms");
            metadata.signingAlgorithms().forEach(s -> signing.add(s.name()));
        }
        ArrayNode a = o.putArray("aliases");
        aliases.forEach(a::add);
        o.put("keyState", metadata.keyState().awsName());
        putInstant(o, "deletionDate", metadata.deletionDate());
        o.put("keySpec", metadata.keySpec().name());
        o.put("description", metadata.description());
        putInstant(o, "creationDate", metadata.creationDate());
        o.put("multiRegion", metadata.multiRegion());
        if (rotation != null) {
            ObjectNode r = o.putObject("rotation");
            r.put("enabled", rotation.enabled());
            r.put("periodDays", rotation.periodDays());
            putInstant(r, "nextRotationDate", rotation.nextRotationDate());
            r.put("onDemandRotations", rotation.onDemandRotations());
        }
        if (versions != null) {
            o.put("keyVersions", versions);
        }
        return o;
    }

    private static void putInstant(ObjectNode o, String name, Instant value) {
        if (value == null) {
            o.putNull(name);
        } else {
            o.put(name, value.toString());
        }
    }
}
