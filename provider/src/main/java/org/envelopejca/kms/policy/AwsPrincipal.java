package org.envelopejca.kms.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who calls: an AWS account's root user, an IAM user, an IAM role, or a session of an assumed role, named by its ARN
 * (IAM User Guide, "IAM identifiers"). The account ID alone ({@code 111122223333}) names the account's root.
 *
 * @param arn         the caller's ARN, e.g. {@code arn:aws:iam::111122223333:user/Alice}
 * @param partition   {@code aws}, {@code aws-cn}, ...
 * @param account     the 12-digit account ID
 * @param type        root, user, role or assumed role
 * @param name        the user or role name (last path segment), or null for the root
 */
public record AwsPrincipal(String arn, String partition, String account, Type type, String name) {
    public enum Type { ROOT, USER, ROLE, ASSUMED_ROLE }

    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    // arn:PARTITION:iam::ACCOUNT:root | user/PATH/NAME | role/PATH/NAME ; arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION
    private static final Pattern IAM = Pattern.compile(
            "arn:(aws[a-z-]{0,20}):iam::([0-9]{12}):(root|(user|role)/(?:[\\x21-\\x7E]{1,512}/)?([\\w+=,.@-]{1,128}))");
    private static final Pattern STS = Pattern.compile(
            "arn:(aws[a-z-]{0,20}):sts::([0-9]{12}):assumed-role/([\\w+=,.@-]{1,128})/([\\w+=,.@-]{2,64})");

    public AwsPrincipal {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(type, "type");
    }

    /** The principal an ARN or a 12-digit account ID names, or empty when it is neither. */
    public static Optional<AwsPrincipal> parse(String value) {
        if (value == null || value.length() > 2048) {
            return Optional.empty();
        }
        if (ACCOUNT.matcher(value).matches()) {
            return Optional.of(root("aws", value));
        }
        Matcher iam = IAM.matcher(value);
        if (iam.matches()) {
            if ("root".equals(iam.group(3))) {
                return Optional.of(root(iam.group(1), iam.group(2)));
            }
            Type type = "user".equals(iam.group(4)) ? Type.USER : Type.ROLE;
            return Optional.of(new AwsPrincipal(value, iam.group(1), iam.group(2), type, iam.group(5)));
        }
        Matcher sts = STS.matcher(value);
        if (sts.matches()) {
            return Optional.of(new AwsPrincipal(value, sts.group(1), sts.group(2), Type.ASSUMED_ROLE, sts.group(3)));
        }
        return Optional.empty();
    }

    public static AwsPrincipal root(String partition, String account) {
        return new AwsPrincipal("arn:" + partition + ":iam::" + account + ":root", partition, account, Type.ROOT, null);
    }

    public static AwsPrincipal of(String arn) {
        return parse(arn).orElseThrow(() -> new IllegalArgumentException("not an IAM principal ARN"));
    }

    public boolean isRoot() {
        return type == Type.ROOT;
    }

    /**
     * The ARN that policies name this principal by: the role's ARN for a role session (IAM User Guide, "Role session
     * principals": a policy names the role, the session inherits it), the principal's own ARN otherwise. This is also
     * the value of {@code aws:PrincipalArn}.
     */
    public String policyArn() {
        if (type == Type.ASSUMED_ROLE) {
            return "arn:" + partition + ":iam::" + account + ":role/" + name;
        }
        return arn;
    }

    /** {@code aws:username}: present only for IAM users (IAM User Guide, global condition context keys). */
    public Optional<String> userName() {
        return type == Type.USER ? Optional.of(name) : Optional.empty();
    }
}
