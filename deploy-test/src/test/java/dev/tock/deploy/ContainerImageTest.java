package dev.tock.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.Durations;
import dev.tock.config.TockConfig;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The image definitions agree with each other and with the pods: the Dockerfile (multi-stage, JRE 21+,
 * fixed non-root UID, read-only-root friendly), its .dockerignore, the Jib profile and compose.yaml.
 * Docker itself is not needed; the files are read.
 */
class ContainerImageTest {
    private static final Pattern TEMURIN_MAJOR = Pattern.compile("temurin[:-](\\d+)");
    private final Dockerfile dockerfile = Dockerfile.read(Repo.file("Dockerfile"));

    @Test
    void buildsWithAJdkAndRunsOnAPinnedJre21OrNewer() {
        List<String> images = dockerfile.baseImages();
        assertThat(images).as("a build stage and a runtime stage").hasSizeGreaterThanOrEqualTo(2);
        assertThat(images).allSatisfy(image -> assertThat(image).matches("[^:]+:[0-9][^:]*").doesNotEndWith(":latest"));
        assertThat(temurinMajor(images.get(0))).isGreaterThanOrEqualTo(21);
        String runtime = images.get(images.size() - 1);
        assertThat(runtime).as("the runtime needs a JRE, not a JDK or Maven").contains("-jre").doesNotContain("maven");
        assertThat(temurinMajor(runtime)).isGreaterThanOrEqualTo(21);
        assertThat(dockerfile.runtimeStage()).anyMatch(i -> i.keyword().equals("COPY")
                && i.arguments().contains("--from=build") && i.arguments().contains("/src/tock-cli/target/tock.jar /opt/tock/tock.jar"));
    }

    @Test
    void runsTockServerAsAFixedNonRootUserWithOnlyTheDataAndTmpDirectoriesWritten() {
        assertThat(dockerfile.last("USER")).as("numeric, so runAsNonRoot can verify it").isEqualTo("10001:10001");
        assertThat(dockerfile.execForm("VOLUME")).containsExactly("/var/lib/tock");
        assertThat(dockerfile.last("WORKDIR")).as("the working directory is not where data goes").isNotEqualTo("/var/lib/tock");
        assertThat(dockerfile.last("EXPOSE")).isEqualTo("8080");
        assertThat(dockerfile.execForm("ENTRYPOINT")).containsExactly("java", "-jar", "/opt/tock/tock.jar");
        assertThat(dockerfile.execForm("CMD")).containsExactly("server");
        Map<String, String> env = dockerfile.environment();
        assertThat(env).containsEntry("TOCK_HOST", "0.0.0.0").containsEntry("TOCK_PORT", "8080")
                .containsEntry("TOCK_DB_URL", "jdbc:h2:file:/var/lib/tock/tock");
        assertThat(env.get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp");
        assertThat(TockConfig.defaults().withEnvironment(env).port()).isEqualTo(8080);
    }

    @Test
    void thePodsRunAsTheImagesUser() {
        Deployment api = Overlays.manifests("production").named(Deployment.class, "tock-api").orElseThrow();
        var pod = api.getSpec().getTemplate().getSpec().getSecurityContext();
        assertThat(pod.getRunAsUser() + ":" + pod.getRunAsGroup()).isEqualTo(dockerfile.last("USER"));
        assertThat(pod.getFsGroup()).as("emptyDir and volumes writable by that group").isEqualTo(pod.getRunAsGroup());
    }

    @Test
    void dockerignoreSendsEveryModuleButNoBuildOutputOrGitHistory() throws Exception {
        List<String> rules = Files.readAllLines(Repo.file(".dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(rules.get(0)).as("everything is excluded unless re-included").isEqualTo("*");
        for (String module : modules()) {
            assertThat(rules).as("module " + module + " reaches the build, or Maven cannot load the reactor")
                    .containsAnyOf("!" + module + "/", "!" + module + "/pom.xml");
        }
        assertThat(rules.indexOf("**/target/")).isGreaterThan(rules.indexOf("!tock-cli/"));
        assertThat(rules).doesNotContain("!.git/", "!.git");
    }

    @Test
    void theJibProfileBuildsTheSameImageAsTheDockerfile() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Repo.file("tock-cli/pom.xml").toFile());
        var xpath = XPathFactory.newInstance().newXPath();
        String container = "/project/profiles/profile[id='jib']/build/plugins/plugin[artifactId='jib-maven-plugin']/configuration/container/";
        assertThat(xpath.evaluate(container + "user", pom)).isEqualTo(dockerfile.last("USER"));
        assertThat(xpath.evaluate(container + "volumes/volume", pom)).isEqualTo("/var/lib/tock");
        assertThat(xpath.evaluate(container + "ports/port", pom)).isEqualTo(dockerfile.last("EXPOSE"));
        assertThat(xpath.evaluate(container + "args/arg", pom)).isEqualTo("server");
        dockerfile.environment().forEach((name, value) -> {
            try {
                assertThat(xpath.evaluate(container + "environment/" + name, pom)).as(name).isEqualTo(value);
            } catch (javax.xml.xpath.XPathExpressionException e) {
                throw new AssertionError(e);
            }
        });
        String from = xpath.evaluate("/project/profiles/profile[id='jib']//configuration/from/image", pom);
        assertThat(from).isEqualTo(dockerfile.baseImages().get(dockerfile.baseImages().size() - 1));
        NodeList executions = (NodeList) xpath.evaluate("/project/build/plugins/plugin[artifactId='jib-maven-plugin']", pom, XPathConstants.NODESET);
        assertThat(executions.getLength()).as("Jib runs only with -Pjib").isZero();
    }

    @Test
    void composeRunsTwoHardenedNodesAfterTheDatabaseIsHealthyAndMigrated() throws Exception {
        Map<String, Object> services = map(compose().get("services"));
        assertThat(services).containsKeys("postgres", "tock-migrate", "tock-1", "tock-2");
        assertThat(list(map(map(services.get("postgres")).get("healthcheck")).get("test"))).contains("pg_isready");
        assertThat(map(services.get("tock-migrate")).get("command")).isEqualTo(List.of("migrate"));
        for (String node : List.of("tock-1", "tock-2")) {
            Map<String, Object> s = map(services.get(node));
            assertThat(s.get("command")).isEqualTo(List.of("server"));
            assertThat(s.get("user")).isEqualTo(dockerfile.last("USER"));
            assertThat(s.get("read_only")).isEqualTo(true);
            assertThat(list(s.get("tmpfs"))).contains("/tmp");
            assertThat(list(s.get("cap_drop"))).contains("ALL");
            assertThat(list(s.get("volumes"))).anyMatch(v -> v.toString().endsWith(":/var/lib/tock"));
            assertThat(list(s.get("ports"))).allMatch(p -> p.toString().startsWith("127.0.0.1:"));
            assertThat(list(map(s.get("healthcheck")).get("test"))).contains("/opt/tock/bin/healthcheck", "/ready");
            Map<String, Object> dependsOn = map(s.get("depends_on"));
            assertThat(map(dependsOn.get("postgres")).get("condition")).isEqualTo("service_healthy");
            assertThat(map(dependsOn.get("tock-migrate")).get("condition")).isEqualTo("service_completed_successfully");
            Map<String, String> env = stringMap(s.get("environment"));
            assertThat(env.keySet()).allMatch(k -> TockConfig.KEYS.keySet().stream().anyMatch(key -> TockConfig.environmentName(key).equals(k))
                    || PodRules.EXTRA_TOCK_VARIABLES.contains(k));
            Duration drain = Durations.parse(env.get("TOCK_DRAIN_GRACE"));
            assertThat(Durations.parse(s.get("stop_grace_period").toString())).as("Docker's SIGKILL comes after the drain")
                    .isGreaterThan(drain.plus(PodRules.STOP_MARGIN));
        }
    }

    private static int temurinMajor(String image) {
        Matcher m = TEMURIN_MAJOR.matcher(image);
        assertThat(m.find()).as("a Temurin image: " + image).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static List<String> modules() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Repo.file("pom.xml").toFile());
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate("/project/modules/module", pom, XPathConstants.NODESET);
        List<String> modules = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            modules.add(nodes.item(i).getTextContent().strip());
        }
        return modules;
    }

    private static Map<String, Object> compose() throws Exception {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(Repo.file("compose.yaml")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    private static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return List.copyOf((List<?>) o);
    }

    private static Map<String, String> stringMap(Object o) {
        Map<String, String> strings = new java.util.LinkedHashMap<>();
        map(o).forEach((k, v) -> strings.put(k, String.valueOf(v)));
        return strings;
    }

}
