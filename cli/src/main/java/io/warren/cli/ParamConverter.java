package io.warren.cli;

import picocli.CommandLine;

import java.util.Map;

/**
 * A job parameter as {@code KEY=VALUE}; the value may itself hold '=' (a regular expression may). Converted here rather
 * than by picocli's own map handling, whose message for a missing '=' reads "Value for option option '--param'".
 */
final class ParamConverter implements CommandLine.ITypeConverter<Map.Entry<String, String>> {
    @Override
    public Map.Entry<String, String> convert(String value) {
        int eq = value.indexOf('=');
        if (eq < 1) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not KEY=VALUE; write it like"
                    + " --param pattern=whale");
        }
        return Map.entry(value.substring(0, eq), value.substring(eq + 1));
    }
}
