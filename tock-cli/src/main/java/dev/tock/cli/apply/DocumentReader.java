package dev.tock.cli.apply;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.tock.cli.client.CommandLineValues;
import dev.tock.cli.client.Jsons;
import dev.tock.cli.client.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the YAML documents of {@code -f} paths: each file's documents (separated by {@code ---}) in order,
 * and for a directory every {@code *.yaml} and {@code *.yml} file directly in it, by name. Empty documents
 * are skipped. {@code -} reads standard input.
 */
final class DocumentReader {

    /** A document as parsed, not yet checked. */
    record Raw(Path file, int index, JsonNode tree) {
    }

    private DocumentReader() {
    }

    /** The documents of every path; a YAML syntax error is an invalid document, a missing path a usage error. */
    static List<Raw> read(List<Path> paths) {
        List<Raw> documents = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files(paths)) {
            readFile(file, documents, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidDocumentsException(problems);
        }
        if (documents.isEmpty()) {
            throw new UsageException("no documents found in " + paths.stream().map(Path::toString).toList()
                    + " (a directory is read for *.yaml and *.yml files)");
        }
        return documents;
    }

    /** {@code -f -}: the documents are read from standard input, e.g. {@code kubectl kustomize overlays/x | tock apply -f -}. */
    static final Path STDIN = Path.of("-");

    static List<Path> files(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (path.equals(STDIN)) {
                files.add(path);
            } else if (Files.isDirectory(path)) {
                try (Stream<Path> entries = Files.list(path)) {
                    entries.filter(DocumentReader::isYaml).filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UsageException("-f: cannot list " + path + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new UsageException("-f: " + path + " does not exist");
            }
        }
        return files;
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static void readFile(Path file, List<Raw> documents, List<String> problems) {
        int index = 0;
        try (JsonParser parser = Jsons.YAML.createParser(text(file));
             MappingIterator<JsonNode> it = Jsons.YAML.readValues(parser, JsonNode.class)) {
            while (it.hasNextValue()) {
                JsonNode tree = it.nextValue();
                index++;
                if (tree != null && !tree.isNull() && !tree.isMissingNode()) {
                    documents.add(new Raw(file, index, tree));
                }
            }
        } catch (JsonProcessingException e) {
            problems.add(syntaxError(file, index + 1, e));
        } catch (RuntimeException e) {
            // MappingIterator reports some syntax errors unchecked, wrapping the parser's exception.
            if (!(e.getCause() instanceof JsonProcessingException syntax)) {
                throw e;
            }
            problems.add(syntaxError(file, index + 1, syntax));
        } catch (IOException e) {
            throw new UsageException("-f: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(Path file) throws IOException {
        return file.equals(STDIN) ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) : Files.readString(file);
    }

    private static String syntaxError(Path file, int index, JsonProcessingException e) {
        var at = e.getLocation();
        return file + ": document " + index + ": not valid YAML: " + CommandLineValues.firstLine(e.getOriginalMessage())
                + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }
}
