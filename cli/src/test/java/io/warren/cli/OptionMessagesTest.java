package io.warren.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A bad option value gets one clear sentence: it names the option and the value, with no word said twice. */
class OptionMessagesTest {
    private static final String BAD = "bad!";

    @Test
    void everyOptionThatRejectsABadValueSaysSoCleanly() {
        CommandLine warren = Main.commandLine();
        List<String> checked = new ArrayList<>();
        for (CommandLine command : warren.getSubcommands().values()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (option.arity().max() < 1 || option.usageHelp() || option.versionHelp()) continue;
                String name = command.getCommandName() + " " + option.longestName();
                try {
                    Main.commandLine().parseArgs(command.getCommandName(), option.longestName(), BAD);
                } catch (CommandLine.ParameterException e) {
                    if (e instanceof CommandLine.MissingParameterException) continue; // the value was fine
                    assertThat(e.getMessage()).as(name)
                            .contains(option.longestName(), "'" + BAD + "'")
                            .doesNotContainPattern("(?i)\\b(\\w+) \\1\\b");
                    checked.add(name);
                }
            }
        }
        assertThat(checked).contains("submit --param", "submit --split-size", "submit --timeout", "cancel --timeout",
                "run --task-timeout", "worker --sort-buffer", "coordinator --keep-history", "submit --reduces", "submit --output-compression",
                "run --output-compression");
    }
}
