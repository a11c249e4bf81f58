package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.config.TockConfig;
import dev.tock.handler.PermanentFailure;
import dev.tock.testing.Eventually;
import dev.tock.workflow.RunQuery;
import dev.tock.workflow.WorkflowJson;
import dev.tock.workflow.WorkflowRun;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard's workflow pages in headless Chromium: the workflows list with its runs filtered by state, and a
 * run's graph (boxes coloured by state, a fan-out as one box counting its items), clicking through to a step's job,
 * and the Cancel and Retry buttons. Two runs: {@code release} fails on one fan-out item, then succeeds on retry;
 * {@code scan} holds two of four items running (maxParallel 2), is cancelled, and is retried.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkflowsDashboardBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicBoolean badFailedOnce = new AtomicBoolean();
    private static ServerFixture fixture;
    private static Browser browser;
    private static String release;
    private static String scan;

    @BeforeAll
    static void start() {
        fixture = ServerFixture.h2(TockConfig.builder().nodeId("node-a").pollInterval(Duration.ofMillis(100))
                .heartbeatInterval(Duration.ofSeconds(1)).set("rate-limit", "0"), b -> b
                .handler("wf.prep", ctx -> ctx.result(ctx.payloadAs(JsonNode.class).path("items").toString()))
                .handler("wf.item", ctx -> {
                    if (ctx.payloadAs(JsonNode.class).path("item").asText().equals("bad") && badFailedOnce.compareAndSet(false, true)) {
                        throw new PermanentFailure("bad: the item is refused (once)");
                    }
                })
                .handler("wf.block", ctx -> Thread.sleep(120_000))
                .handler("wf.noop", ctx -> { }), b -> { });
        fixture.tock.start();
        save("release", "wf.item", "['ok-1', 'ok-2', 'bad']", 100);
        save("scan", "wf.block", "['a', 'b', 'c', 'd']", 2);
        release = fixture.tock.workflows().start("default", "release", "{}").id();
        dev.tock.testing.Eventually.await(WAIT, "the release run to fail", () -> run(release), r -> r.state().wireName().equals("failed"));
        scan = fixture.tock.workflows().start("default", "scan", "{}").id();
        browser = Browser.open(fixture.server.port());
        browser.login(fixture.server.bootstrapToken().orElseThrow());
    }

    /** prep (its output: the items) → fan (one instance per item) → report. */
    private static void save(String name, String itemType, String items, int maxParallel) {
        fixture.tock.workflows().save(WorkflowJson.read("default", name, ("{'steps': ["
                + "{'name': 'prep', 'type': 'wf.prep', 'payload': {'items': " + items + "}},"
                + "{'name': 'fan', 'type': '" + itemType + "', 'needs': ['prep'], 'payload': {'item': '{{item}}'},"
                + " 'forEach': {'items': '{{steps.prep.output}}', 'key': '{{item}}', 'maxParallel': " + maxParallel + "}},"
                + "{'name': 'report', 'type': 'wf.noop', 'needs': ['fan']}]}").replace('\'', '"')));
    }

    private static WorkflowRun run(String id) {
        return fixture.tock.workflows().run("default", id).orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static WebElement box(String step) {
        return browser.shown(By.cssSelector("[data-testid=run-graph] g.step[data-step=" + step + "]"));
    }

    /** Waits until the box of {@code step} shows {@code state}. */
    private static WebElement box(String step, String state) {
        return browser.waitFor("step " + step + " to be " + state, d -> {
            WebElement box = box(step);
            return state.equals(box.getDomAttribute("data-state")) ? box : null;
        });
    }

    /** Clicks a step's box, again if the page re-drew it meanwhile. */
    private static void click(String step) {
        browser.waitFor("a click on step " + step, d -> {
            box(step).click();
            return true;
        });
    }

    @Test
    @Order(1)
    void theWorkflowsPageListsEachWorkflowAndFiltersRunsByState() {
        browser.size(1280, 900);
        browser.open("#/workflows");
        WebElement scanRow = browser.shown(By.cssSelector("[data-testid=workflow-list] tr[data-workflow=scan]"));
        WebElement releaseRow = browser.shown(By.cssSelector("[data-testid=workflow-list] tr[data-workflow=release]"));
        assertThat(scanRow.getDomAttribute("data-steps")).isEqualTo("3");
        assertThat(scanRow.getDomAttribute("data-active")).isEqualTo("1");
        assertThat(scanRow.getText()).contains("running");
        assertThat(releaseRow.getDomAttribute("data-active")).isEqualTo("0");
        assertThat(releaseRow.getText()).contains("failed");
        assertThat(browser.all(By.cssSelector("[data-testid=workflow-runs] tr[data-run]"))).hasSize(2);
        browser.screenshot("workflows");

        new org.openqa.selenium.support.ui.Select(browser.find(By.cssSelector("select[name=state]"))).selectByValue("failed");
        browser.waitFor("only failed runs", d -> browser.all(By.cssSelector("[data-testid=workflow-runs] tr[data-run]")).size() == 1);
        WebElement failed = browser.find(By.cssSelector("[data-testid=workflow-runs] tr[data-run]"));
        assertThat(failed.getDomAttribute("data-run")).isEqualTo(release);
        assertThat(browser.url()).contains("state=failed");
    }

    @Test
    @Order(2)
    void aFailedRunShowsItsGraphOpensAStepsJobAndIsRetried() {
        browser.size(1280, 900);
        browser.open("#/runs/" + release);
        assertThat(box("prep", "succeeded").getText()).contains("prep");
        WebElement fan = box("fan");
        assertThat(fan.getDomAttribute("data-fanout")).isEqualTo("true");
        assertThat(fan.getDomAttribute("data-items")).isEqualTo("3");
        assertThat(fan.getDomAttribute("data-succeeded")).isEqualTo("2");
        assertThat(fan.getDomAttribute("data-failed")).isEqualTo("1");
        assertThat(fan.getText()).contains("2 succeeded · 1 failed");
        assertThat(box("report").getDomAttribute("data-state")).isEqualTo("cancelled");
        assertThat(browser.all(By.cssSelector("[data-testid=run-graph] path.edge"))).hasSize(2);
        assertThat(browser.find(By.cssSelector("[data-testid=run-graph] path.edge[data-from=fan][data-to=report]"))).isNotNull();
        assertThat(browser.all(By.cssSelector("[data-testid=run-actions] button[data-action=cancel]"))).isEmpty();
        browser.screenshot("workflow-run");

        // A fan-out box lists its items below; each item links to its job.
        click("fan");
        browser.waitFor("only fan's items listed", d -> browser.all(By.cssSelector("[data-testid=run-steps] tr[data-step]")).stream()
                .allMatch(r -> "fan".equals(r.getDomAttribute("data-step"))));
        assertThat(browser.find(By.cssSelector("[data-testid=run-steps] tr[data-item=bad]")).getText()).contains("dead", "refused");

        // A one-job box opens that job's page, with its attempts.
        String prepJob = run(release).instancesOf("prep").get(0).jobId().orElseThrow().toString();
        click("prep");
        browser.waitFor("the prep job's page", d -> d.getCurrentUrl().contains("#/jobs/" + prepJob));
        browser.withText(By.cssSelector("[data-testid=attempts]"), "succeeded");
        assertThat(browser.shown(By.cssSelector("[data-testid=job-workflow-run]")).getText()).as("the job links back to its run")
                .isEqualTo(release);

        browser.open("#/runs/" + release);
        browser.shown(By.cssSelector("[data-testid=run-actions] button[data-action=retry]")).click();
        browser.withText(By.id("flash"), "Retry run: done.");
        WebElement retried = box("fan", "succeeded");
        assertThat(retried.getDomAttribute("data-succeeded")).isEqualTo("3");
        assertThat(retried.getDomAttribute("data-failed")).isEqualTo("0");
        box("report", "succeeded");
        browser.withText(By.cssSelector("h1"), "succeeded");
        assertThat(run(release).state().wireName()).isEqualTo("succeeded");
    }

    @Test
    @Order(3)
    void aRunningFanOutIsCountedCancelledAndRetried() {
        browser.size(1280, 900);
        browser.open("#/runs/" + scan);
        WebElement fan = browser.waitFor("two items running, two pending", d -> {
            WebElement box = box("fan");
            return "2".equals(box.getDomAttribute("data-running")) && "2".equals(box.getDomAttribute("data-pending")) ? box : null;
        });
        assertThat(fan.getDomAttribute("data-state")).isEqualTo("running");
        assertThat(fan.getText()).contains("2 running · 2 pending");
        assertThat(box("report").getDomAttribute("data-state")).isEqualTo("pending");
        assertThat(browser.all(By.cssSelector("[data-testid=run-actions] button[data-action=retry]"))).isEmpty();

        browser.shown(By.cssSelector("[data-testid=run-actions] button[data-action=cancel]")).click();
        browser.withText(By.id("flash"), "Cancel run: done.");
        browser.withText(By.cssSelector("h1"), "cancelled");
        browser.waitFor("no item running", d -> "0".equals(box("fan").getDomAttribute("data-running"))
                && "0".equals(box("fan").getDomAttribute("data-pending")));
        assertThat(run(scan).state().wireName()).isEqualTo("cancelled");

        browser.shown(By.cssSelector("[data-testid=run-actions] button[data-action=retry]")).click();
        browser.withText(By.id("flash"), "Retry run: done.");
        browser.withText(By.cssSelector("h1"), "running");
        browser.waitFor("two items running again", d -> "2".equals(box("fan").getDomAttribute("data-running")));
        assertThat(run(scan).state().wireName()).isEqualTo("running");
        fixture.tock.workflows().cancel("default", scan);
    }

    /**
     * With a workflow picked, the Workflows page offers a form that starts a run: a field per declared input, the
     * default shown and taken when left empty, the value read as JSON when it is JSON; the new run's page opens.
     */
    @Test
    @Order(4)
    void aRunIsStartedWithItsInputsFromTheWorkflowsPage() throws Exception {
        fixture.tock.workflows().save(WorkflowJson.read("default", "deploy", ("{'inputs': {'version': {'description': 'what to deploy'},"
                + " 'env': {'default': 'prod'}}, 'steps': [{'name': 'go', 'type': 'wf.noop', 'payload': {'v': '{{inputs.version}}'}}]}")
                .replace('\'', '"')));
        browser.size(1280, 900);
        browser.open("#/workflows?workflow=deploy");
        WebElement env = browser.shown(By.cssSelector("[data-testid=workflow-start] input[name=env]"));
        assertThat(env.getDomAttribute("placeholder")).isEqualTo("\"prod\"");
        WebElement version = browser.find(By.cssSelector("[data-testid=workflow-start] input[name=version]"));
        assertThat(version.getDomAttribute("title")).isEqualTo("what to deploy");
        version.sendKeys("42");
        browser.screenshot("workflow-start");
        browser.find(By.cssSelector("[data-testid=workflow-start] button[type=submit]")).click();
        browser.withText(By.id("flash"), "Start run: done.");
        browser.waitFor("the new run's page", d -> d.getCurrentUrl().contains("#/runs/"));
        String id = URLDecoder.decode(browser.url().replaceAll(".*#/runs/([^?]+).*", "$1"), StandardCharsets.UTF_8);
        WorkflowRun started = Eventually.await(WAIT, "the started run to succeed", () -> run(id),
                r -> r.state().wireName().equals("succeeded"));
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(started.inputs())).isEqualTo(json.readTree("{\"version\": 42, \"env\": \"prod\"}"));

        // A workflow that declares no inputs takes one JSON object; the server's refusal is shown, and nothing starts.
        RunQuery releaseRuns = new RunQuery("default", Optional.of("release"), Optional.empty(), Optional.empty(), 50);
        int before = fixture.tock.workflows().runs(releaseRuns).size();
        browser.open("#/workflows?workflow=release");
        browser.shown(By.cssSelector("[data-testid=workflow-start] textarea[name=inputs]")).sendKeys("[1, 2]");
        browser.find(By.cssSelector("[data-testid=workflow-start] button[type=submit]")).click();
        assertThat(browser.withText(By.id("flash"), "Start run failed").getText()).contains("inputs");
        assertThat(fixture.tock.workflows().runs(releaseRuns)).hasSize(before);
    }
}
