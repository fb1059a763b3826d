package org.envelopejca.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.envelopejca.message.AlgorithmSuite;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --suite}: the two-byte suite ID in hex ({@code 0x0478}, {@code 0478}) or the suite's name. */
final class SuiteConverter implements ITypeConverter<AlgorithmSuite> {

    @Override
    public AlgorithmSuite convert(String value) {
        String v = value.strip();
        try {
            return AlgorithmSuite.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException notAName) {
            // then it should be an ID
        }
        String hex = v.regionMatches(true, 0, "0x", 0, 2) ? v.substring(2) : v;
        try {
            int id = Integer.parseInt(hex, 16);
            return AlgorithmSuite.byId(id).orElseThrow(() -> unknown(value));
        } catch (NumberFormatException e) {
            throw unknown(value);
        }
    }

    private static TypeConversionException unknown(String value) {
        String known = Arrays.stream(AlgorithmSuite.values())
                .map(s -> String.format("0x%04X", s.id()))
                .collect(Collectors.joining(", "));
        return new TypeConversionException("unknown algorithm suite '" + value + "'; known: " + known);
    }
}
