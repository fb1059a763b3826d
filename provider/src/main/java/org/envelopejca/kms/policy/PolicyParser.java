package org.envelopejca.kms.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a policy document and refuses, with {@link MalformedPolicyException}, what KMS refuses with
 * MalformedPolicyDocumentException:
 * <ul>
 *   <li>more than 32 KiB (KMS Developer Guide, "Key policies": "The maximum length of a key policy document is
 *       32 kilobytes (32,768 bytes)"), or a character outside the PutKeyPolicy {@code Policy} pattern (tab, line
 *       feed, carriage return, U+0020 to U+00FF; KMS API Reference, PutKeyPolicy);</li>
 *   <li>JSON that is not one object, has duplicate names, or nests deeper than a policy can;</li>
 *   <li>an element outside the grammar (IAM User Guide, "Grammar of the IAM JSON policy language"), a
 *       {@code Version} other than 2012-10-17 / 2008-10-17, a statement without {@code Effect}, without exactly one
 *       of {@code Action}/{@code NotAction}, of {@code Resource}/{@code NotResource}, and (in key policies) of
 *       {@code Principal}/{@code NotPrincipal}; {@code NotPrincipal} with {@code Allow}; principals in identity
 *       policies;</li>
 *   <li>an invalid principal (anything but {@code *}, an account ID, a root, user, role or role-session ARN in
 *       {@code AWS}, or a {@code Service} name);</li>
 *   <li>a {@code kms:} action without wildcards that KMS does not have;</li>
 *   <li>a condition operator this engine does not evaluate, a condition key it does not supply, a value of the
 *       wrong type for its operator, and policy variables ({@code ${...}}), which it does not substitute.</li>
 * </ul>
 * Parsing is linear in the document, which the size limit bounds.
 */
final class PolicyParser {
    static final int MAX_BYTES = 32 * 1024;
    private static final int MAX_DEPTH = 16;
    private static final Set<String> TOP = Set.of("Version", "Id", "Statement");
    private static final Set<String> ELEMENTS = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
            "NotAction", "Resource", "NotResource", "Condition");
    private static final Pattern ACTION = Pattern.compile("[a-zA-Z0-9-]{1,64}:[a-zA-Z0-9*?]{1,128}");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final ObjectMapper MAPPER = mapper();

    private PolicyParser() {
    }

    private static ObjectMapper mapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_BYTES).maxNumberLength(64).build())
                .build();
        ObjectMapper m = new ObjectMapper(factory);
        m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return m;
    }

    static PolicyDocument parse(PolicyKind kind, String text) throws MalformedPolicyException {
        if (text == null || text.isEmpty()) {
            throw new MalformedPolicyException("The policy is empty");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new MalformedPolicyException("The policy is larger than " + MAX_BYTES + " bytes");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xFF)) {
                throw new MalformedPolicyException("The policy contains a character outside U+0020..U+00FF");
            }
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedPolicyException("The policy is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPolicyException("The policy is not a JSON object");
        }
        checkNames(root, TOP, "policy");
        String version = null;
        if (root.has("Version")) {
            version = text(root.get("Version"), "Version");
            if (!version.equals("2012-10-17") && !version.equals("2008-10-17")) {
                throw new MalformedPolicyException("Version must be 2012-10-17 or 2008-10-17");
            }
        }
        if (root.has("Id")) {
            text(root.get("Id"), "Id");
        }
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null) {
            throw new MalformedPolicyException("The policy has no Statement");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (statementNode.isArray()) {
            statementNode.forEach(nodes::add);
        } else {
            nodes.add(statementNode);
        }
        if (nodes.isEmpty()) {
            throw new MalformedPolicyException("The policy has no Statement");
        }
        boolean variables = "2012-10-17".equals(version);
        List<Statement> statements = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            statements.add(statement(kind, i, nodes.get(i), variables));
        }
        return new PolicyDocument(kind, text, version, statements);
    }

    private static Statement statement(PolicyKind kind, int index, JsonNode node, boolean variables)
            throws MalformedPolicyException {
        if (!node.isObject()) {
            throw new MalformedPolicyException("Statement[" + index + "] is not an object");
        }
        checkNames(node, ELEMENTS, "Statement[" + index + "]");
        String sid = node.has("Sid") ? text(node.get("Sid"), "Sid") : null;
        if (!node.has("Effect")) {
            throw new MalformedPolicyException("Policy contains a statement with no Effect");
        }
        Effect effect = Effect.parse(text(node.get("Effect"), "Effect"));

        PrincipalSet principals = null;
        boolean notPrincipal = false;
        boolean hasP = node.has("Principal");
        boolean hasNotP = node.has("NotPrincipal");
        if (kind == PolicyKind.IDENTITY_POLICY) {
            if (hasP || hasNotP) {
                throw new MalformedPolicyException("An identity policy cannot name a Principal");
            }
        } else {
            if (hasP == hasNotP) {
                throw new MalformedPolicyException(
                        "Policy contains a statement without exactly one of Principal and NotPrincipal");
            }
            notPrincipal = hasNotP;
            if (notPrincipal && effect == Effect.ALLOW) {
                // IAM User Guide, "NotPrincipal": "Using it with "Effect":"Allow" is not supported"
                throw new MalformedPolicyException("NotPrincipal can only be used with Effect Deny");
            }
            principals = principals(node.get(hasP ? "Principal" : "NotPrincipal"));
        }

        if (node.has("Action") == node.has("NotAction")) {
            throw new MalformedPolicyException("Policy contains a statement without exactly one of Action and NotAction");
        }
        boolean notAction = node.has("NotAction");
        List<String> actions = strings(node.get(notAction ? "NotAction" : "Action"), "Action");
        for (String a : actions) {
            checkAction(a);
        }

        if (node.has("Resource") == node.has("NotResource")) {
            throw new MalformedPolicyException(
                    "Policy contains a statement without exactly one of Resource and NotResource");
        }
        boolean notResource = node.has("NotResource");
        List<String> resources = strings(node.get(notResource ? "NotResource" : "Resource"), "Resource");
        for (String r : resources) {
            if (!r.equals("*") && !r.startsWith("arn:")) {
                throw new MalformedPolicyException("Policy contains an invalid resource: " + Excerpt.of(r));
            }
            noVariables(r, variables);
        }

        List<Condition> conditions = node.has("Condition") ? conditions(node.get("Condition"), variables) : List.of();
        return new Statement(index, sid, effect, principals, notPrincipal, actions, notAction, resources,
                notResource, conditions);
    }

    private static PrincipalSet principals(JsonNode node) throws MalformedPolicyException {
        if (node.isTextual()) {
            if (node.asText().equals("*")) {
                return new PrincipalSet(true, List.of(), List.of());
            }
            throw invalidPrincipal();
        }
        if (!node.isObject() || node.isEmpty()) {
            throw invalidPrincipal();
        }
        boolean anyone = false;
        List<String> accounts = new ArrayList<>();
        List<String> arns = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            List<String> values = strings(f.getValue(), "Principal");
            switch (f.getKey()) {
                case "AWS" -> {
                    for (String v : values) {
                        if (v.equals("*")) {
                            anyone = true;
                            continue;
                        }
                        AwsPrincipal p = AwsPrincipal.parse(v).orElseThrow(PolicyParser::invalidPrincipal);
                        if (p.isRoot()) {
                            accounts.add(p.account());
                        } else {
                            arns.add(p.arn());
                        }
                    }
                }
                case "Service" -> {
                    // services never call this engine: accepted, never matching
                    for (String v : values) {
                        if (!v.matches("[a-z0-9.-]{1,128}")) {
                            throw invalidPrincipal();
                        }
                    }
                }
                default -> throw invalidPrincipal();
            }
        }
        return new PrincipalSet(anyone, accounts, arns);
    }

    private static MalformedPolicyException invalidPrincipal() {
        // the words KMS uses for this refusal
        return new MalformedPolicyException("Policy contains a statement with one or more invalid principals.");
    }

    private static void checkAction(String a) throws MalformedPolicyException {
        if (a.equals("*")) {
            return;
        }
        if (!ACTION.matcher(a).matches()) {
            throw new MalformedPolicyException("Policy contains an invalid action: " + Excerpt.of(a));
        }
        int colon = a.indexOf(':');
        String service = a.substring(0, colon);
        String name = a.substring(colon + 1);
        if (service.equalsIgnoreCase("kms") && !Wildcard.hasWildcard(name) && !KmsActions.known(name)) {
            throw new MalformedPolicyException("Policy contains an unknown KMS action: " + Excerpt.of(a));
        }
    }

    private static List<Condition> conditions(JsonNode node, boolean variables) throws MalformedPolicyException {
        if (!node.isObject() || node.isEmpty()) {
            throw new MalformedPolicyException("Condition must be a non-empty object");
        }
        List<Condition> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> ops = node.fields();
        while (ops.hasNext()) {
            Map.Entry<String, JsonNode> op = ops.next();
            ConditionOperator operator = ConditionOperator.parse(op.getKey());
            JsonNode keys = op.getValue();
            if (!keys.isObject() || keys.isEmpty()) {
                throw new MalformedPolicyException("Condition operator " + Excerpt.of(op.getKey())
                        + " must map condition keys to values");
            }
            Iterator<Map.Entry<String, JsonNode>> entries = keys.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> e = entries.next();
                String key = ConditionKeys.canonical(e.getKey());
                if (key == null) {
                    throw new MalformedPolicyException("Policy contains an unsupported condition key: "
                            + Excerpt.of(e.getKey()));
                }
                List<String> values = strings(e.getValue(), "Condition");
                for (String v : values) {
                    operator.checkPolicyValue(v);
                    noVariables(v, variables);
                }
                out.add(new Condition(operator, key, values));
            }
        }
        return out;
    }

    private static void noVariables(String value, boolean variables) throws MalformedPolicyException {
        if (variables && value.contains("${")) {
            throw new MalformedPolicyException("Policy variables (${...}) are not supported");
        }
    }

    /** A string, or a non-empty array of strings; in conditions, JSON booleans and numbers count as their text. */
    private static List<String> strings(JsonNode node, String element) throws MalformedPolicyException {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            if (node.isEmpty()) {
                throw new MalformedPolicyException(element + " must not be empty");
            }
            for (JsonNode n : node) {
                out.add(scalar(n, element));
            }
        } else {
            out.add(scalar(node, element));
        }
        return out;
    }

    private static String scalar(JsonNode n, String element) throws MalformedPolicyException {
        if (n.isTextual() && !n.asText().isEmpty()) {
            return n.asText();
        }
        if ("Condition".equals(element) && (n.isBoolean() || n.isIntegralNumber())) {
            return n.asText();
        }
        throw new MalformedPolicyException(element + " values must be non-empty strings");
    }

    private static String text(JsonNode n, String element) throws MalformedPolicyException {
        if (!n.isTextual()) {
            throw new MalformedPolicyException(element + " must be a string");
        }
        return n.asText();
    }

    private static void checkNames(JsonNode node, Set<String> allowed, String where) throws MalformedPolicyException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                throw new MalformedPolicyException(where + " has an unknown element: " + Excerpt.of(n));
            }
        }
    }
}
