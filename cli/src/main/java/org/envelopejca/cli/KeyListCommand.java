package org.envelopejca.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.envelopejca.kms.AliasEntry;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.Page;
import picocli.CommandLine.Command;

@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List aliases and keys: one line per alias (alias, key ARN, state, spec), then one per key "
                + "that has no alias.",
            "Static aliases of the --keystore configuration are listed too, one line per key they name."})
final class KeyListCommand extends KmsCommand {

    private static final int PAGE = 100;

    /** One line of the listing. */
    private record Row(String alias, String arn, String state, String spec, boolean staticAlias) {
    }

    @Override
    void run(KmsSession session, PrintWriter out) throws Exception {
        Kms kms = session.kms();
        Map<String, KeyMetadata> keys = new LinkedHashMap<>();
        String marker = null;
        do {
            Page<KeyMetadata> page = kms.listKeys(PAGE, marker);
            page.items().forEach(k -> keys.put(k.keyId(), k));
            marker = page.nextMarker();
        } while (marker != null);

        List<Row> rows = new ArrayList<>();
        java.util.Set<String> aliased = new java.util.HashSet<>();
        marker = null;
        do {
            Page<AliasEntry> page = kms.listAliases(null, PAGE, marker);
            for (AliasEntry a : page.items()) {
                KeyMetadata k = a.targetKeyId() == null ? null : keys.get(a.targetKeyId());
                if (k != null) {
                    aliased.add(k.keyId());
                    rows.add(new Row(a.aliasName(), k.arn(), k.keyState().awsName(), k.keySpec().name(), false));
                }
            }
            marker = page.nextMarker();
        } while (marker != null);
        for (Map.Entry<String, List<String>> e : session.config().staticAliases().entrySet()) {
            for (String arn : e.getValue()) {
                rows.add(staticRow(kms, e.getKey(), arn, aliased));
            }
        }
        for (KeyMetadata k : keys.values()) {
            if (!aliased.contains(k.keyId())) {
                rows.add(new Row(null, k.arn(), k.keyState().awsName(), k.keySpec().name(), false));
            }
        }

        if (json) {
            ObjectNode root = JsonOutput.object();
            ArrayNode array = root.putArray("entries");
            for (Row r : rows) {
                ObjectNode o = array.addObject();
                if (r.alias() == null) {
                    o.putNull("alias");
                } else {
                    o.put("alias", r.alias());
                }
                o.put("static", r.staticAlias());
                o.put("arn", r.arn());
                o.put("keyState", r.state());
                o.put("keySpec", r.spec());
            }
            JsonOutput.print(out, root);
            return;
        }
        if (rows.isEmpty()) {
            out.println("no keys in " + session.where() + " (create one: envelope keys create --alias NAME)");
            return;
        }
        Table table = new Table("ALIAS", "KEY ARN", "STATE", "SPEC");
        for (Row r : rows) {
            table.add(r.alias() == null ? "-" : r.alias() + (r.staticAlias() ? " (static)" : ""), r.arn(), r.state(),
                    r.spec());
        }
        table.print(out);
    }

    /** A static alias may name keys the engine does not know (or another engine's): shown as "unknown". */
    private static Row staticRow(Kms kms, String alias, String arn, java.util.Set<String> aliased) throws KmsException {
        try {
            KeyMetadata k = kms.describeKey(arn);
            aliased.add(k.keyId());
            return new Row(alias, k.arn(), k.keyState().awsName(), k.keySpec().name(), true);
        } catch (KmsException e) {
            if (e.code() != KmsErrorCode.NOT_FOUND && e.code() != KmsErrorCode.INVALID_ARN) {
                throw e;
            }
            return new Row(alias, arn, "unknown", "-", true);
        }
    }
}
