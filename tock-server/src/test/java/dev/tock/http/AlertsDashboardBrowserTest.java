package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.TockConfig;
import dev.tock.handler.PermanentFailure;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The dashboard's Alerts page in headless Chromium: a firing alert, acknowledged and silenced with its buttons. */
class AlertsDashboardBrowserTest {
    private static ServerFixture fixture;
    private static Browser browser;

    @BeforeAll
    static void start() {
        fixture = ServerFixture.h2(TockConfig.builder().nodeId("node-a").pollInterval(Duration.ofMillis(100)).set("rate-limit", "0"),
                b -> b.handler("report", ctx -> {
                    throw new PermanentFailure("the report failed");
                }), b -> { });
        fixture.tock.start();
        Http admin = fixture.http.as(fixture.server.bootstrapToken().orElseThrow());
        admin.put("/v1/namespaces/default/schedules/nightly", "{\"schedule\": \"@every 1s\", \"jobTemplate\": {\"type\": \"report\","
                + " \"retry\": {\"maxAttempts\": 1}}}").expect(201);
        admin.put("/v1/namespaces/default/alert-rules/nightly-failed", "{\"subjects\": [{\"kind\": \"schedule\", \"name\": \"nightly\"}],"
                + " \"conditions\": [{\"type\": \"failed\", \"after\": 2}], \"severity\": \"critical\"}").expect(201);
        browser = Browser.open(fixture.server.port());
        browser.login(fixture.server.bootstrapToken().orElseThrow());
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

    @Test
    void aFiringAlertIsAcknowledgedAndSilencedFromTheAlertsPage() {
        browser.size(1280, 900);
        browser.open("#/alerts");
        WebElement row = browser.withText(By.cssSelector("[data-testid=alerts-firing] tr[data-state=firing]"), "nightly-failed");
        assertThat(row.getText()).contains("critical", "schedule/nightly", "the latest 2 runs failed");

        row.findElement(By.cssSelector("button[data-action=ack]")).click();
        browser.withText(By.cssSelector("[data-testid=alerts-firing] tr[data-state=firing]"), "acknowledged by");
        browser.shown(By.cssSelector("[data-testid=alerts-firing] button[data-action=silence]")).click();
        WebElement silence = browser.withText(By.cssSelector("[data-testid=alert-silences] tr[data-silence]"), "schedule/nightly");
        assertThat(silence.getText()).contains("nightly-failed", "from the dashboard");
        assertThat(browser.withText(By.cssSelector("[data-testid=alerts-recent] tr"), "nightly-failed").getText()).contains("firing");
        browser.screenshot("alerts");
    }

    @Test
    void aSchedulePageShowsTheRulesThatWatchItAndItsAlerts() {
        browser.size(1280, 900);
        browser.open("#/schedules/nightly");
        browser.withText(By.cssSelector("[data-testid=schedule-rules]"), "nightly-failed (failed)");
        WebElement alert = browser.withText(By.cssSelector("[data-testid=schedule-alerts] tr[data-alert]"), "nightly-failed");
        assertThat(alert.getText()).contains("the latest 2 runs failed");
    }
}
