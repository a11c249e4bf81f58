package dev.tock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} reads as whole sentences. Picocli prints each item of a description on a
 * line of its own (wrapping long ones) and shows the first item as the command's summary in its parent's
 * list, so an item cut in mid-sentence reads as a sentence cut off.
 */
class HelpTextTest {

    @Test
    void everyDescriptionIsMadeOfWholeSentences() {
        List<String> problems = new ArrayList<>();
        visit(TockCommand.commandLine(), problems);
        assertThat(problems).isEmpty();
    }

    private static void visit(CommandLine command, List<String> problems) {
        String name = command.getCommandSpec().qualifiedName();
        if (!(command.getCommand() instanceof CommandLine.HelpCommand)) {
            String[] description = command.getCommandSpec().usageMessage().description();
            if (description.length > 0 && !description[0].strip().endsWith(".")) {
                problems.add(name + ": its summary (the first line, shown in its parent's list) does not end a sentence: \""
                        + description[0] + "\"");
            }
            check(name, description, problems);
            command.getCommandSpec().options().forEach(o -> check(name + " " + o.longestName(), o.description(), problems));
        }
        command.getSubcommands().values().stream().distinct().forEach(sub -> visit(sub, problems));
    }

    /**
     * Each item of prose ends a sentence, or ends with a colon before the indented example lines that follow
     * it. A one-item description (most options) is wrapped by picocli and cannot be cut.
     */
    private static void check(String where, String[] description, List<String> problems) {
        if (description.length < 2) {
            return;
        }
        for (int i = 0; i < description.length; i++) {
            String item = description[i].strip();
            boolean example = description[i].startsWith(" ");
            boolean examplesFollow = i + 1 < description.length && description[i + 1].startsWith(" ");
            if (!example && !item.endsWith(".") && !(examplesFollow && item.endsWith(":"))) {
                problems.add(where + ": line " + (i + 1) + " of its description stops mid-sentence: \"" + item + "\"");
            }
        }
    }
}
