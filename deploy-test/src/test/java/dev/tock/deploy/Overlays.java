package dev.tock.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The three environments under deploy/kubernetes/overlays, rendered once per test run. */
final class Overlays {
    static final Path KUBERNETES = Path.of("deploy", "kubernetes");
    /** The namespace each overlay deploys into. */
    static final Map<String, String> NAMESPACES = Map.of("dev", "tock-dev", "staging", "tock-staging", "production", "tock");
    private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();

    private Overlays() {
    }

    /** The kustomize output of {@code overlays/NAME}. */
    static String yaml(String overlay) {
        return RENDERED.computeIfAbsent(overlay,
                name -> Kustomize.render(Repo.root().resolve(KUBERNETES).resolve("overlays").resolve(name)));
    }

    /** A fresh parse of the overlay's output (tests may change the objects). */
    static Manifests manifests(String overlay) {
        return Manifests.parse(yaml(overlay));
    }

    /**
     * The rules' expectations: the overlay's namespace, and for environments that do not generate it, the
     * Secret that base/secret.template.yaml tells operators to create, with the keys it lists.
     */
    static ManifestRules.Expectations expectations(String overlay) {
        Map<String, Set<String>> external = overlay.equals("dev") ? Map.of() : Map.of(secretTemplateName(), secretTemplateKeys());
        return new ManifestRules.Expectations(NAMESPACES.get(overlay), external);
    }

    static String secretTemplateName() {
        return secretTemplate().path("metadata").path("name").asText();
    }

    static Set<String> secretTemplateKeys() {
        Set<String> keys = new HashSet<>();
        secretTemplate().path("stringData").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static JsonNode secretTemplate() {
        try {
            return new YAMLMapper().readTree(Repo.root().resolve(KUBERNETES).resolve("base/secret.template.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
