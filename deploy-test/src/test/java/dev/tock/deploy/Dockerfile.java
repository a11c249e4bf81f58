package dev.tock.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a Dockerfile these tests read: its stages' base images (with ARG defaults substituted)
 * and the final stage's ENV, USER, WORKDIR, VOLUME, EXPOSE, ENTRYPOINT and CMD. Enough of the format
 * for Tock's own Dockerfile (line continuations, comments, exec-form JSON arrays, quoted ENV values).
 */
final class Dockerfile {
    /** One instruction, its continuation lines joined. */
    record Instruction(String keyword, String arguments) {
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}");
    private static final Pattern ENV_PAIR = Pattern.compile("(\\w+)=(\"((?:[^\"\\\\]|\\\\.)*)\"|\\S*)");

    private final List<Instruction> instructions;

    private Dockerfile(List<Instruction> instructions) {
        this.instructions = instructions;
    }

    static Dockerfile read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dockerfile parse(String text) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            boolean continues = trimmed.endsWith("\\");
            current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continues) {
                String joined = current.toString().strip();
                int space = joined.indexOf(' ');
                instructions.add(new Instruction(joined.substring(0, space).toUpperCase(), joined.substring(space + 1).strip()));
                current.setLength(0);
            }
        }
        return new Dockerfile(instructions);
    }

    /** The base image of each stage, in order, ARG defaults substituted. */
    List<String> baseImages() {
        Map<String, String> args = new LinkedHashMap<>();
        List<String> images = new ArrayList<>();
        for (Instruction i : instructions) {
            if (i.keyword().equals("ARG") && images.isEmpty() && i.arguments().contains("=")) {
                String[] pair = i.arguments().split("=", 2);
                args.put(pair[0], pair[1]);
            } else if (i.keyword().equals("FROM")) {
                images.add(substitute(i.arguments().split("\\s+")[0], args));
            }
        }
        return images;
    }

    private static String substitute(String text, Map<String, String> args) {
        Matcher m = VARIABLE.matcher(text);
        return m.replaceAll(r -> Matcher.quoteReplacement(args.getOrDefault(r.group(1), "")));
    }

    /** The final stage's instructions. */
    List<Instruction> runtimeStage() {
        int last = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals("FROM")) {
                last = i;
            }
        }
        return instructions.subList(last, instructions.size());
    }

    /** ENV of the final stage, in order. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Instruction i : runtimeStage()) {
            if (i.keyword().equals("ENV")) {
                Matcher m = ENV_PAIR.matcher(i.arguments());
                while (m.find()) {
                    env.put(m.group(1), m.group(3) != null ? m.group(3).replace("\\\"", "\"") : m.group(2));
                }
            }
        }
        return env;
    }

    /** The last value of a single-valued instruction (USER, WORKDIR, EXPOSE) in the final stage. */
    String last(String keyword) {
        String value = null;
        for (Instruction i : runtimeStage()) {
            if (i.keyword().equals(keyword)) {
                value = i.arguments();
            }
        }
        return value;
    }

    /** An exec-form instruction of the final stage (ENTRYPOINT, CMD, VOLUME) as its list. */
    List<String> execForm(String keyword) {
        String value = last(keyword);
        if (value == null || !value.startsWith("[")) {
            throw new AssertionError(keyword + " must be in exec form (a JSON array), was " + value);
        }
        try {
            return new ObjectMapper().readValue(value, new TypeReference<>() { });
        } catch (IOException e) {
            throw new AssertionError(keyword + " is not a JSON array: " + value, e);
        }
    }

    List<Instruction> instructions() {
        return instructions;
    }
}
