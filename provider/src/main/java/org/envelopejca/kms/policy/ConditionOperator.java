package org.envelopejca.kms.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A condition operator as written in a policy: an optional set qualifier ({@code ForAnyValue:} /
 * {@code ForAllValues:}), a base comparison, possibly negated, and an optional {@code IfExists} suffix (IAM User
 * Guide, "IAM JSON policy elements: Condition operators" and "Set operators for multivalued context keys").
 * {@code BinaryEquals} and the IP address operators are refused: no key this engine supplies carries such values.
 */
record ConditionOperator(Qualifier qualifier, Base base, boolean negated, boolean ifExists) {
    enum Qualifier { NONE, FOR_ANY_VALUE, FOR_ALL_VALUES }

    enum Base {
        STRING_EQUALS, STRING_EQUALS_IGNORE_CASE, STRING_LIKE,
        NUMERIC_EQUALS, NUMERIC_LESS_THAN, NUMERIC_LESS_THAN_EQUALS, NUMERIC_GREATER_THAN, NUMERIC_GREATER_THAN_EQUALS,
        DATE_EQUALS, DATE_LESS_THAN, DATE_LESS_THAN_EQUALS, DATE_GREATER_THAN, DATE_GREATER_THAN_EQUALS,
        BOOL, ARN_LIKE, NULL;

        boolean numeric() {
            return name().startsWith("NUMERIC_");
        }

        boolean date() {
            return name().startsWith("DATE_");
        }
    }

    private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,30}(\\.[0-9]{1,30})?");
    private static final Pattern EPOCH = Pattern.compile("-?[0-9]{1,12}");

    static ConditionOperator parse(String name) throws MalformedPolicyException {
        String rest = name;
        Qualifier qualifier = Qualifier.NONE;
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.startsWith("foranyvalue:")) {
            qualifier = Qualifier.FOR_ANY_VALUE;
            rest = rest.substring("foranyvalue:".length());
        } else if (lower.startsWith("forallvalues:")) {
            qualifier = Qualifier.FOR_ALL_VALUES;
            rest = rest.substring("forallvalues:".length());
        }
        boolean ifExists = false;
        if (rest.toLowerCase(Locale.ROOT).endsWith("ifexists")) {
            ifExists = true;
            rest = rest.substring(0, rest.length() - "ifexists".length());
        }
        ConditionOperator op = switch (rest.toLowerCase(Locale.ROOT)) {
            case "stringequals" -> new ConditionOperator(qualifier, Base.STRING_EQUALS, false, ifExists);
            case "stringnotequals" -> new ConditionOperator(qualifier, Base.STRING_EQUALS, true, ifExists);
            case "stringequalsignorecase" ->
                    new ConditionOperator(qualifier, Base.STRING_EQUALS_IGNORE_CASE, false, ifExists);
            case "stringnotequalsignorecase" ->
                    new ConditionOperator(qualifier, Base.STRING_EQUALS_IGNORE_CASE, true, ifExists);
            case "stringlike" -> new ConditionOperator(qualifier, Base.STRING_LIKE, false, ifExists);
            case "stringnotlike" -> new ConditionOperator(qualifier, Base.STRING_LIKE, true, ifExists);
            case "numericequals" -> new ConditionOperator(qualifier, Base.NUMERIC_EQUALS, false, ifExists);
            case "numericnotequals" -> new ConditionOperator(qualifier, Base.NUMERIC_EQUALS, true, ifExists);
            case "numericlessthan" -> new ConditionOperator(qualifier, Base.NUMERIC_LESS_THAN, false, ifExists);
            case "numericlessthanequals" ->
                    new ConditionOperator(qualifier, Base.NUMERIC_LESS_THAN_EQUALS, false, ifExists);
            case "numericgreaterthan" -> new ConditionOperator(qualifier, Base.NUMERIC_GREATER_THAN, false, ifExists);
            case "numericgreaterthanequals" ->
                    new ConditionOperator(qualifier, Base.NUMERIC_GREATER_THAN_EQUALS, false, ifExists);
            case "dateequals" -> new ConditionOperator(qualifier, Base.DATE_EQUALS, false, ifExists);
            case "datenotequals" -> new ConditionOperator(qualifier, Base.DATE_EQUALS, true, ifExists);
            case "datelessthan" -> new ConditionOperator(qualifier, Base.DATE_LESS_THAN, false, ifExists);
            case "datelessthanequals" -> new ConditionOperator(qualifier, Base.DATE_LESS_THAN_EQUALS, false, ifExists);
            case "dategreaterthan" -> new ConditionOperator(qualifier, Base.DATE_GREATER_THAN, false, ifExists);
            case "dategreaterthanequals" ->
                    new ConditionOperator(qualifier, Base.DATE_GREATER_THAN_EQUALS, false, ifExists);
            case "bool" -> new ConditionOperator(qualifier, Base.BOOL, false, ifExists);
            // IAM: ArnEquals and ArnLike behave the same (both take wildcards in each ARN segment)
            case "arnequals", "arnlike" -> new ConditionOperator(qualifier, Base.ARN_LIKE, false, ifExists);
            case "arnnotequals", "arnnotlike" -> new ConditionOperator(qualifier, Base.ARN_LIKE, true, ifExists);
            case "null" -> new ConditionOperator(qualifier, Base.NULL, false, ifExists);
            default -> throw new MalformedPolicyException("Policy contains an unsupported condition operator: "
                    + Excerpt.of(name));
        };
        if (op.base == Base.NULL && (qualifier != Qualifier.NONE || ifExists)) {
            throw new MalformedPolicyException("The Null condition operator takes no set qualifier and no IfExists");
        }
        return op;
    }

    /** Checks a value written in the policy for this operator's type. */
    void checkPolicyValue(String value) throws MalformedPolicyException {
        if (base.numeric() && parseNumber(value) == null) {
            throw new MalformedPolicyException("Numeric condition value is not a number: " + Excerpt.of(value));
        }
        if (base.date() && parseDate(value) == null) {
            throw new MalformedPolicyException("Date condition value is not a date: " + Excerpt.of(value));
        }
        if ((base == Base.BOOL || base == Base.NULL) && !"true".equalsIgnoreCase(value)
                && !"false".equalsIgnoreCase(value)) {
            throw new MalformedPolicyException("Bool and Null condition values are true or false");
        }
    }

    /** Whether one request value matches one policy value under the base comparison (negation applied by the caller). */
    boolean baseMatches(String policyValue, String requestValue) {
        return switch (base) {
            case STRING_EQUALS -> policyValue.equals(requestValue);
            case STRING_EQUALS_IGNORE_CASE -> policyValue.equalsIgnoreCase(requestValue);
            case STRING_LIKE -> Wildcard.matches(policyValue, requestValue, false);
            case BOOL -> policyValue.equalsIgnoreCase(requestValue);
            case ARN_LIKE -> arnLike(policyValue, requestValue);
            case NUMERIC_EQUALS, NUMERIC_LESS_THAN, NUMERIC_LESS_THAN_EQUALS, NUMERIC_GREATER_THAN,
                 NUMERIC_GREATER_THAN_EQUALS -> {
                BigDecimal r = parseNumber(requestValue);
                yield r != null && ordered(r.compareTo(parseNumber(policyValue)));
            }
            case DATE_EQUALS, DATE_LESS_THAN, DATE_LESS_THAN_EQUALS, DATE_GREATER_THAN, DATE_GREATER_THAN_EQUALS -> {
                Instant r = parseDate(requestValue);
                yield r != null && ordered(r.compareTo(parseDate(policyValue)));
            }
            case NULL -> throw new IllegalStateException("Null is evaluated on presence");
        };
    }

    /** {@code request OP policy} from {@code request.compareTo(policy)}. */
    private boolean ordered(int cmp) {
        return switch (base) {
            case NUMERIC_EQUALS, DATE_EQUALS -> cmp == 0;
            case NUMERIC_LESS_THAN, DATE_LESS_THAN -> cmp < 0;
            case NUMERIC_LESS_THAN_EQUALS, DATE_LESS_THAN_EQUALS -> cmp <= 0;
            case NUMERIC_GREATER_THAN, DATE_GREATER_THAN -> cmp > 0;
            case NUMERIC_GREATER_THAN_EQUALS, DATE_GREATER_THAN_EQUALS -> cmp >= 0;
            default -> false;
        };
    }

    /** ARN matching: the six colon-separated parts compared one by one, wildcards within a part. */
    static boolean arnLike(String pattern, String value) {
        String[] p = pattern.split(":", 6);
        String[] v = value.split(":", 6);
        if (p.length != 6 || v.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!Wildcard.matches(p[i], v[i], false)) {
                return false;
            }
        }
        return true;
    }

    static BigDecimal parseNumber(String value) {
        if (!NUMBER.matcher(value).matches()) {
            return null;
        }
        return new BigDecimal(value);
    }

    /** The date forms IAM accepts: ISO 8601 (date, or date and time with an offset) and epoch seconds. */
    static Instant parseDate(String value) {
        if (value.length() > 64) {
            return null;
        }
        if (EPOCH.matcher(value).matches()) {
            return Instant.ofEpochSecond(Long.parseLong(value));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // not a date-time; try a date
        }
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
