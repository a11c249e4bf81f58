package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.JobTemplate;
import dev.tock.model.NewJob;
import dev.tock.model.Queue;
import dev.tock.model.RetryPolicy;
import dev.tock.schedule.OverlapPolicy;
import dev.tock.schedule.Schedule;
import dev.tock.secret.Secret;
import dev.tock.testing.Eventually;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real headless Chromium against a running server: every page opens and shows the
 * data, filters and pages work, and the actions change what the page shows. One server and one browser
 * serve every test; each test acts on data of its own. Each page's screenshot is saved.
 */
class DashboardBrowserTest {
    private static final Duration SEED_WAIT = Duration.ofSeconds(30);
    private static final String XSS_SCRIPT = "<script>window.__xss = 'payload'</script>";
    private static final String XSS_ERROR = "<img src=x onerror=\"window.__xss='error'\"> refused";
    private static final String SECRET_VALUE = "dashboard-never-shows-this";
    private static final CountDownLatch release = new CountDownLatch(1);
    private static ServerFixture fixture;
    private static Browser browser;
    private static Demo demo;

    /** Ids of the demo jobs the tests act on. */
    private record Demo(JobId encoding, JobId toCancel, List<JobId> dead, JobId scheduled, JobId xss) {
    }

    @BeforeAll
    static void start() {
        fixture = ServerFixture.h2(TockConfig.builder().nodeId("node-a").pollInterval(Duration.ofMillis(100))
                .heartbeatInterval(Duration.ofSeconds(1)).set("rate-limit", "0").set("secret-key", SecretRoutesTest.KEY),
                DashboardBrowserTest::handlers, b -> { });
        fixture.tock.start();
        demo = seed(fixture.tock);
        browser = Browser.open(fixture.server.port());
        // Authentication is on, as by default: every page and action below runs in a logged-in session.
        browser.login(fixture.server.bootstrapToken().orElseThrow());
    }

    @AfterAll
    static void stop() {
        release.countDown();
        if (browser != null) {
            browser.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @BeforeEach
    void desktop() {
        browser.size(1280, 900);
        browser.colorScheme("light");
    }

    private static void handlers(Tock.Builder b) {
        b.handler("report.build", ctx -> ctx.output("rendered " + ctx.payload().length() + " bytes\n"))
                .handler("invoice.render", ctx -> { })
                .handler("email.send", ctx -> {
                    ctx.output("connecting to smtp.example.com:25\n");
                    throw new IOException("smtp.example.com: connection refused");
                })
                .handler("webhook.deliver", ctx -> {
                    throw new IOException("POST https://hooks.example.com/orders: 503 Service Unavailable");
                })
                .handler("sms.send", ctx -> {
                    throw new IllegalStateException("provider rate limit (429)");
                })
                .handler("video.encode", ctx -> {
                    ctx.output("encoding frame 1 of 9000\n");
                    release.await(60, TimeUnit.SECONDS);
                })
                .handler("xss.probe", ctx -> {
                    ctx.output(XSS_SCRIPT);
                    throw new IllegalArgumentException(XSS_ERROR);
                });
    }

    /** Jobs in every state, two schedules with runs, queues with settings; finished work spread over the hour. */
    private static Demo seed(Tock tock) {
        tock.queues().save(Queue.of("default", "mail").withMaxRunning(4));
        tock.queues().save(Queue.of("default", "video").withMaxRunning(2).withSharing(new dev.tock.model.KeySharing(
                java.util.OptionalInt.of(2), java.util.Map.of(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of(new dev.tock.model.Fairness(java.util.Map.of())))));
        tock.secrets().save(Secret.of("default", "smtp", java.util.Map.of("password", SECRET_VALUE, "user", "mailer")));
        RetryPolicy quick = new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(50), 1.0, 0.0);
        List<NewJob> reports = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            reports.add(NewJob.builder("report.build").queue("reports").payload("{\"report\":\"daily-" + i + "\",\"rows\":" + (i * 37) + "}")
                    .label("team", i % 2 == 0 ? "finance" : "growth").build());
        }
        tock.jobs().enqueueAll(reports);
        List<JobId> dead = new ArrayList<>();
        for (String to : List.of("ada@example.com", "grace@example.com", "alan@example.com")) {
            dead.add(tock.jobs().enqueue(NewJob.builder("email.send").queue("mail").payload("{\"to\":\"" + to + "\",\"template\":\"welcome\"}")
                    .idempotencyKey("welcome-" + to).retry(quick).build()).id());
        }
        for (int i = 0; i < 20; i++) {
            tock.jobs().enqueue(NewJob.builder("webhook.deliver").queue("hooks").payload("{\"order\":" + (1000 + i) + "}")
                    .retry(RetryPolicy.maxAttempts(1)).build());
        }
        tock.jobs().enqueue(NewJob.builder("sms.send").queue("mail").payload("{\"to\":\"+4915100000\"}")
                .retry(new RetryPolicy(5, Duration.ofHours(1), Duration.ofHours(2), 2.0, 0.0)).build());
        JobId encoding = tock.jobs().enqueue(NewJob.builder("video.encode").queue("video").payload("{\"video\":\"launch.mp4\"}").build()).id();
        JobId toCancel = tock.jobs().enqueue(NewJob.builder("video.encode").queue("video").payload("{\"video\":\"draft.mp4\"}").build()).id();
        JobId scheduled = tock.jobs().enqueue(NewJob.builder("invoice.render").queue("billing").payload("{\"invoice\":\"2026-0042\"}")
                .delay(Duration.ofHours(2)).build()).id();
        for (int i = 0; i < 5; i++) {
            // Due for a minute, as work that nothing handles would be by the time someone looks.
            tock.jobs().enqueue(NewJob.builder("export.csv").queue("exports").payload("{\"table\":\"orders\",\"part\":" + i + "}")
                    .runAt(java.time.Instant.now().minusSeconds(60)).build());
        }
        JobId xss = tock.jobs().enqueue(NewJob.builder("xss.probe").queue("mail").payload("{\"note\":\"" + XSS_SCRIPT.replace("\"", "\\\"") + "\"}")
                .label("owner", "<b>mallory</b>").idempotencyKey("<i>key</i>").retry(RetryPolicy.maxAttempts(1)).build()).id();

        tock.schedules().save(Schedule.of("default", "nightly-report", "0 2 * * *", JobTemplate.of("report.build").withQueue("reports"))
                .withTimeZone(ZoneId.of("Europe/Berlin")).withOverlap(OverlapPolicy.FORBID));
        tock.schedules().save(Schedule.of("default", "sync-crm", "*/5 * * * *", JobTemplate.of("invoice.render").withQueue("billing"))
                .withTimeZone(ZoneId.of("America/New_York")));
        tock.schedules().save(Schedule.of("default", "weekly-digest", "0 9 * * MON", JobTemplate.of("email.send").withQueue("mail"))
                .withTimeZone(ZoneId.of("Asia/Tokyo")));
        tock.schedules().trigger("default", "nightly-report", false);
        tock.schedules().trigger("default", "sync-crm", false);

        Eventually.await(SEED_WAIT, "the demo jobs to settle", () -> {
            var counts = tock.jobs().countByState("default");
            return counts.get(JobState.SUCCEEDED) >= 302 && counts.get(JobState.DEAD) == 24 && counts.get(JobState.RUNNING) == 2
                    && counts.get(JobState.FAILED) == 1;
        });
        // Spread the finished work over the past hour, so that the charts show an hour's shape.
        fixture.sql("UPDATE tock_jobs SET finished_at = DATEADD(SECOND, -CAST(RAND() * 3300 AS INT), finished_at)"
                + " WHERE type = 'report.build'");
        String shift = "ASCII(SUBSTRING(CAST(job_id AS VARCHAR), 36, 1)) * 30";
        fixture.sql("UPDATE tock_attempts SET started_at = DATEADD(SECOND, -(" + shift + "), started_at),"
                + " ended_at = DATEADD(SECOND, -(" + shift + "), ended_at)"
                + " WHERE job_id IN (SELECT id FROM tock_jobs WHERE type = 'webhook.deliver')");
        fixture.sql("UPDATE tock_jobs SET finished_at = DATEADD(SECOND, -(ASCII(SUBSTRING(CAST(id AS VARCHAR), 36, 1)) * 30), finished_at)"
                + " WHERE type = 'webhook.deliver'");
        return new Demo(encoding, toCancel, dead, scheduled, xss);
    }

    // ---- pages -------------------------------------------------------------------------------------

    @Test
    void overviewShowsThroughputQueuesRunningJobsNextFiresAndFailures() {
        browser.open("#/overview");

        browser.waitFor("the throughput chart's bars", d -> !browser.all(By.cssSelector("[data-testid=throughput] rect.s-ok")).isEmpty());
        assertThat(Integer.parseInt(browser.find(By.cssSelector("[data-stat=succeeded] .stat-value")).getText().replace(",", "")))
                .as("the 300 reports and the triggered runs finished within the hour").isGreaterThanOrEqualTo(302);
        assertThat(browser.all(By.cssSelector("[data-testid=failure-chart] rect.s-fail"))).isNotEmpty();
        browser.withText(By.cssSelector("[data-testid=queue-depth] tr[data-queue=exports]"), "5");
        assertThat(browser.all(By.cssSelector("[data-testid=running] tr[data-job]"))).hasSizeGreaterThanOrEqualTo(1);
        browser.withText(By.cssSelector("[data-testid=next-fires] tr[data-schedule]"), "sync-crm");
        browser.withText(By.cssSelector("[data-testid=recent-failures] li"), "smtp.example.com: connection refused");
        browser.screenshot("overview");
    }

    @Test
    void overviewFitsAPhoneAndReadsInDarkMode() {
        browser.colorScheme("dark");
        browser.open("#/overview");
        browser.shown(By.cssSelector("[data-testid=throughput] svg"));
        String background = (String) browser.script("return getComputedStyle(document.body).backgroundColor");
        assertThat(background).as("dark background").isEqualTo("rgb(15, 19, 24)");
        browser.screenshot("overview-dark");

        browser.colorScheme("light");
        browser.size(390, 844);
        browser.open("#/overview");
        browser.shown(By.cssSelector("[data-testid=throughput] svg"));
        Number overflow = (Number) browser.script("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow.intValue()).as("no sideways scrolling at phone width").isLessThanOrEqualTo(0);
        browser.screenshot("overview-phone");
    }

    @Test
    void jobsPageFiltersByStateAndPagesThroughAQueue() {
        browser.open("#/jobs");
        new Select(browser.find(By.name("state"))).selectByValue("dead");
        browser.find(By.cssSelector("form.filters button[type=submit]")).click();
        browser.waitFor("only dead jobs listed", d -> {
            List<WebElement> rows = browser.all(By.cssSelector("[data-testid=job-list] tr[data-job]"));
            return !rows.isEmpty() && rows.stream().allMatch(r -> "dead".equals(r.getDomAttribute("data-state")));
        });
        assertThat(browser.driver.getCurrentUrl()).contains("state=dead");

        browser.open("#/jobs?queue=reports");
        // The previous page's data-state may still read ok: wait for this page's full first page.
        List<String> first = browser.waitFor("a full first page", d -> rowIds(25).isEmpty() ? null : rowIds(25));
        browser.click(By.cssSelector("[data-page=older]"));
        // rowIds is empty while the page is being replaced: wait for the full second page itself.
        List<String> second = browser.waitFor("the second page", d -> rowIds(25).isEmpty() || rowIds(25).equals(first) ? null : rowIds(25));
        assertThat(second).doesNotContainAnyElementsOf(first);
        assertThat(second.get(0).compareTo(first.get(24))).as("older jobs on the next page").isNegative();
        browser.screenshot("jobs");
        browser.click(By.cssSelector("[data-page=newer]"));
        browser.waitFor("the first page again", d -> rowIds(25).equals(first));
    }

    @Test
    void searchFindsAJobByIdempotencyKeyAndByIdFromTheKeyboard() {
        browser.open("#/jobs");
        browser.find(By.tagName("body")).sendKeys("/");
        WebElement search = browser.waitFor("the search box to take focus", d -> {
            WebElement active = d.switchTo().activeElement();
            return "search".equals(active.getDomAttribute("name")) ? active : null;
        });
        search.sendKeys("welcome-grace@example.com", Keys.ENTER);
        browser.waitFor("the one job with that key", d -> rowIds(1).equals(List.of(demo.dead().get(1).toString())));

        browser.open("#/jobs");
        WebElement box = browser.find(By.name("search"));
        box.clear();
        box.sendKeys(demo.scheduled().toString(), Keys.ENTER);
        browser.withText(By.cssSelector("[data-testid=job-head] h1"), "invoice.render");
        assertThat(browser.driver.getCurrentUrl()).contains("#/jobs/" + demo.scheduled());
    }

    @Test
    void jobDetailShowsPayloadAndAttemptsAndRetriesADeadJob() {
        JobId shown = demo.dead().get(2);
        browser.open("#/jobs/" + shown);
        browser.withText(By.cssSelector("[data-testid=payload] pre"), "\"to\": \"alan@example.com\"");
        browser.waitFor("two attempts", d -> browser.all(By.cssSelector("[data-testid=attempts] li[data-attempt]")).size() == 2);
        browser.withText(By.cssSelector("[data-testid=attempts] li[data-attempt='2'] pre.error"), "smtp.example.com: connection refused");
        browser.withText(By.cssSelector("[data-testid=job-runs]"), "handler of type email.send");
        browser.screenshot("job");

        JobId retried = demo.dead().get(0);
        browser.open("#/jobs/" + retried);
        browser.shown(By.cssSelector("[data-action=retry]")).click();
        browser.withText(By.cssSelector("#flash"), "Retry job: done");
        browser.waitFor("a third attempt after the retry",
                d -> !browser.all(By.cssSelector("[data-testid=attempts] li[data-attempt='3']")).isEmpty());
    }

    @Test
    void theJobPageSaysWhatRunsTheJobForEveryExecutorKind() {
        // In a namespace of its own, so that no other test's counts change; due in two hours, so it never runs.
        fixture.tock.namespaces().create("platform");
        JobId id = fixture.tock.jobs().enqueue(NewJob.builder("sync").namespace("platform").delay(Duration.ofHours(2))
                .executor(dev.tock.model.HttpExecutor.post("https://hooks.example.com/orders")).build()).id();
        browser.open("#/jobs/" + id + "?ns=platform");
        browser.withText(By.cssSelector("[data-testid=job-runs]"), "POST https://hooks.example.com/orders");

        // As a node with the Kubernetes executor would have left it after its first attempt (this one has none).
        fixture.sql("UPDATE tock_jobs SET executor_kind = 'kubernetes', attempts = 1, executor = '{\"kind\": \"kubernetes\","
                + " \"namespace\": \"batch\", \"jobTemplate\": {\"template\": {\"spec\": {\"containers\": [{\"name\": \"main\","
                + " \"image\": \"registry.example.com/sync:1.4\"}]}}}}' WHERE id = '" + id + "'");
        browser.withText(By.cssSelector("[data-testid=job-runs]"),
                "image registry.example.com/sync:1.4 as Kubernetes Job batch/tock-" + id + "-1");

        fixture.sql("UPDATE tock_jobs SET executor_kind = 'command', executor = '{\"kind\": \"command\","
                + " \"command\": [\"/usr/bin/backup\", \"--full\", \"two words\"]}' WHERE id = '" + id + "'");
        browser.withText(By.cssSelector("[data-testid=job-runs]"), "$ /usr/bin/backup --full 'two words'");
        browser.open("#/jobs?ns=default");
    }

    @Test
    void cancellingARunningJobShowsItCancelled() {
        browser.open("#/jobs/" + demo.toCancel());
        browser.withText(By.cssSelector("[data-testid=job-head] .badge"), "running");
        browser.shown(By.cssSelector("[data-action=cancel]")).click();
        browser.withText(By.cssSelector("[data-testid=job-head] .badge"), "cancelled");
        browser.waitFor("no cancel button on a cancelled job", d -> browser.all(By.cssSelector("[data-action=cancel]")).isEmpty());
        assertThat(fixture.tock.jobs().get(demo.toCancel()).state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void runNowStartsAScheduledJob() {
        browser.open("#/jobs/" + demo.scheduled());
        browser.withText(By.cssSelector("[data-testid=job-head] .badge"), "scheduled");
        browser.withText(By.cssSelector("[data-testid=waiting][data-reason=scheduled]"), "scheduled for later: due at");
        browser.shown(By.cssSelector("[data-action=run-now]")).click();
        browser.withText(By.cssSelector("[data-testid=job-head] .badge"), "succeeded");
    }

    @Test
    void schedulesShowSpecsInWordsAndNextFiresInBothZones() {
        browser.open("#/schedules");
        WebElement nightly = browser.withText(By.cssSelector("tr[data-schedule=nightly-report]"), "every day at 02:00");
        assertThat(nightly.getText()).contains("Europe/Berlin").contains("your time");
        browser.screenshot("schedules");
    }

    @Test
    void triggeringAndSuspendingAScheduleShowOnItsPage() {
        browser.open("#/schedules/sync-crm");
        browser.waitFor("five next fire times", d -> browser.all(By.cssSelector("[data-testid=next] tbody tr")).size() == 5);
        int before = browser.all(By.cssSelector("[data-testid=runs] tr[data-outcome]")).size();
        browser.shown(By.cssSelector("[data-action=trigger]")).click();
        browser.waitFor("a new run recorded", d -> browser.all(By.cssSelector("[data-testid=runs] tr[data-outcome]")).size() == before + 1);
        browser.withText(By.cssSelector("[data-testid=runs] tr[data-outcome=fired]"), "by hand");
        browser.screenshot("schedule");

        browser.shown(By.cssSelector("[data-action=suspend]")).click();
        browser.withText(By.cssSelector("h1 .badge"), "suspended");
        browser.shown(By.cssSelector("[data-action=resume]"));
        assertThat(fixture.tock.schedules().get("default", "sync-crm").schedule().suspended()).isTrue();
    }

    @Test
    void pausingAQueueShowsItPaused() {
        browser.open("#/queues");
        WebElement row = browser.shown(By.cssSelector("tr[data-queue=exports]"));
        assertThat(row.getText()).contains("5");
        browser.withText(By.cssSelector("tr[data-queue=video] [data-testid=sharing]"), "2 per key · fair");
        browser.withText(By.cssSelector("[data-testid=unhandled] li[data-queue=exports][data-type='export.csv']"),
                "5 ready jobs of export.csv in queue exports that nothing handles");
        row.findElement(By.cssSelector("[data-action=pause]")).click();
        browser.waitFor("the queue shown paused", d -> "true".equals(
                d.findElement(By.cssSelector("tr[data-queue=exports]")).getDomAttribute("data-paused")));
        browser.shown(By.cssSelector("tr[data-queue=exports] [data-action=resume]"));
        assertThat(fixture.tock.queues().get("default", "exports").paused()).isTrue();
        browser.screenshot("queues");
    }

    @Test
    void secretsShowNamesAndKeysButNeverValues() {
        browser.open("#/secrets");
        WebElement row = browser.withText(By.cssSelector("tr[data-secret=smtp]"), "password, user");
        assertThat(row.getText()).doesNotContain(SECRET_VALUE).doesNotContain("mailer");
        assertThat((String) browser.script("return document.documentElement.outerHTML")).doesNotContain(SECRET_VALUE);
        assertThat(browser.all(By.cssSelector("main button, main input"))).isEmpty();
        browser.screenshot("secrets");
    }

    @Test
    void clusterShowsTheNodeItsRolesAndVersion() {
        browser.open("#/cluster");
        WebElement node = browser.withText(By.cssSelector("tr[data-node=node-a]"), "worker");
        assertThat(node.getText()).contains("live");
        browser.screenshot("cluster");
    }

    @Test
    void jobDataIsShownAsTextNeverRunAsCode() {
        browser.open("#/jobs/" + demo.xss());
        browser.withText(By.cssSelector("[data-testid=payload] pre"), "<script>window.__xss = 'payload'</script>");
        browser.withText(By.cssSelector("[data-testid=attempts] pre.error"), "<img src=x onerror=");
        browser.withText(By.cssSelector("dl.facts"), "owner=<b>mallory</b>");
        browser.withText(By.cssSelector("dl.facts"), "<i>key</i>");
        browser.open("#/overview");
        browser.withText(By.cssSelector("[data-testid=recent-failures]"), "<img src=x onerror=");

        assertThat(browser.script("return window.__xss === undefined")).isEqualTo(true);
        assertThat(browser.all(By.cssSelector("main img, main script, main b, main i"))).isEmpty();
    }

    /** A 64-bit id in a payload reads as it was sent, not rounded to the nearest double (2^53 + 1 would show ...992). */
    @Test
    void largeIntegersInAPayloadAreShownExactly() {
        JobId job = fixture.tock.jobs().enqueue(NewJob.builder("exact.ids").queue("exact-ids").runAt(java.time.Instant.now().plusSeconds(3600))
                .payload("{\"userId\": 9007199254740993, \"small\": 42, \"ratio\": 0.5}").build()).id();
        browser.open("#/jobs/" + job);
        WebElement payload = browser.withText(By.cssSelector("[data-testid=payload] pre"), "9007199254740993");
        assertThat(payload.getText()).contains("\"small\": 42", "\"ratio\": 0.5").doesNotContain("9007199254740992");
    }

    private static List<String> rowIds(int expected) {
        List<String> ids = browser.all(By.cssSelector("[data-testid=job-list] tr[data-job]")).stream()
                .map(r -> r.getDomAttribute("data-job")).toList();
        return ids.size() == expected ? ids : List.of();
    }
}
