package dev.hearth.server.it;

import dev.hearth.worker.Worker;
import dev.hearth.worker.WorkerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard (issue #11) in a real headless Chromium against a real control plane, a real worker and the tests'
 * model: a user's whole session, and the messages of a wrong token, a bad form field and a refused connection.
 * Screenshots of every page land in {@code target/dashboard-screenshots/}.
 */
class DashboardBrowserTest extends ControlPlaneTest {

    static final String KEY = "hf_dashboardRemoteKey42";
    static final String REMOTE_MODEL = "acme/remote-chat";
    static Worker remote;
    @TempDir static Path profile;

    @BeforeAll
    static void startRemoteTgi() {
        WorkerOptions d = WorkerOptions.defaults(model);
        remote = Worker.start(new WorkerOptions(model, Optional.of(REMOTE_MODEL), "127.0.0.1", 0, Optional.empty(),
                Optional.of(4096), 8, 1, d.maxStopSequences(), d.maxBestOf(), d.maxTopNTokens(), d.maxClientBatchSize(),
                d.payloadLimit(), 2, d.prefillChunk(), Optional.empty(), Optional.of(KEY)));
    }

    @AfterAll
    static void stopRemoteTgi() {
        if (remote != null) remote.close();
    }

    static String credential(String key) {
        return "{\"api_key\": \"" + key + "\", \"endpoint\": \"http://127.0.0.1:" + remote.port()
                + "\", \"model_name\": \"" + REMOTE_MODEL + "\", \"context_window\": 4096}";
    }

    @Test
    void aUserSignsInCreatesAnEndpointWatchesItRunChatsPausesResumesConnectsAModelAndDeletesTheEndpoint() {
        try (Browser b = new Browser("http://127.0.0.1:" + server.port(), profile)) {
            // Not signed in: the dashboard sends the browser to the sign-in page; a wrong token shows the API's message.
            b.open("/");
            b.find("#token");
            assertThat(b.driver.getCurrentUrl()).contains("/ui/signin");
            b.type("#token", "not-a-hearth-token");
            b.find("#token").sendKeys(Keys.ENTER);
            assertThat(b.waitForText("#signin-error", "Invalid token")).isEqualTo("Invalid token");
            b.screenshot("01-signin-wrong-token");
            b.type("#token", ControlPlane.ADMIN);
            b.find("#token").sendKeys(Keys.ENTER);
            b.waitForText("#who", "alice (admin)");
            b.screenshot("02-endpoints-empty");

            // A bad field: the API's message appears beside the scaling fields, and nothing is created.
            b.open("/ui/new");
            b.until(d -> d.findElements(By.cssSelector("#hardware option")).size() > 0);
            b.type("#name", "web");
            b.type("#repository", model.toString());
            b.type("#min-replica", "3");
            b.type("#max-replica", "1");
            b.find("#create-form button[type=submit]").click();
            assertThat(b.waitForText("#scaling-error", "compute.scaling")).contains("minReplica <= maxReplica");
            b.fullScreenshot("03-new-endpoint-bad-field", 1280);
            assertThat(api.get("/v2/endpoint/alice/web").status()).isEqualTo(404);

            // Created, it goes pending -> running on the endpoint page, which is never reloaded (SSE brings the state).
            b.type("#min-replica", "1");
            b.find("#create-form button[type=submit]").click();
            b.until(d -> d.getCurrentUrl().contains("/ui/endpoint?"));
            b.find("#title");
            b.driver.executeScript("window.notReloaded = true");
            b.waitForText("#state", "running");
            assertThat(b.driver.executeScript("return window.notReloaded === true")).isEqualTo(true);
            assertThat(b.find("#endpoint-url").getText()).endsWith("/endpoints/alice/web");

            // The playground streams the chat answer: several chunks arrive, and their text is shown.
            b.type("#chat-input", "Hello there");
            b.find("#chat-send").click();
            WebElement answer = b.until(d -> {
                var done = d.findElements(By.cssSelector(".msg.assistant[data-done=true]"));
                return done.isEmpty() ? null : done.getFirst();
            });
            assertThat(b.driver.findElement(By.id("chat-error")).getText()).isEmpty();
            assertThat(Integer.parseInt(answer.getAttribute("data-chunks"))).isGreaterThan(1);
            assertThat(answer.getText()).isNotBlank();

            // Logs of the replica are there from its first line, streamed.
            b.until(d -> d.findElement(By.id("log-text")).getText().contains("serving "));
            assertThat(b.driver.findElements(By.cssSelector("#replica-tabs button"))).hasSize(1);
            String firstReplica = String.valueOf(b.driver.executeScript("return document.querySelector('#replica-tabs button').dataset.replica"));

            // Metrics: the chat is counted as a 2xx with the tokens the replica generated, and the five charts drawn.
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                JsonNode points = api.get("/v2/endpoint/alice/web/metrics").json().get("points");
                long ok = 0;
                double tokens = 0;
                for (JsonNode p : points) {
                    ok += p.get("requests2xx").asLong();
                    tokens += p.get("tokensPerSecond").asDouble();
                }
                return ok >= 1 && tokens > 0;
            });
            b.until(d -> d.findElements(By.cssSelector("#charts .uplot")).size() == 5);
            b.until(d -> Integer.parseInt(d.findElement(By.id("charts")).getAttribute("data-points")) >= 2);
            b.driver.executeScript("window.scrollTo(0, 0)");
            b.screenshot("04a-endpoint-top");
            b.driver.executeScript("document.getElementById('metrics').scrollIntoView()");
            b.screenshot("04b-endpoint-metrics");
            b.fullScreenshot("04-endpoint-page", 1280);

            // Pause, then resume: the state follows without a reload.
            b.find("#pause").click();
            b.waitForText("#state", "paused");
            assertThat(api.get("/v2/endpoint/alice/web").state()).isEqualTo("paused");
            b.find("#resume").click();
            b.waitForText("#state", "running");
            assertThat(b.driver.executeScript("return window.notReloaded === true")).isEqualTo(true);

            // The resumed replica started after the page opened: its tab appears and its lines stream in, no reload.
            // (The tabs are drawn again when a replica's label changes: ids are read by script, not held as elements.)
            String resumedReplica = b.until(d -> ((java.util.List<?>) b.driver.executeScript(
                    "return [...document.querySelectorAll('#replica-tabs button')].map(t => t.dataset.replica)"))
                    .stream().map(String::valueOf).filter(id -> !id.equals(firstReplica)).findFirst().orElse(null));
            String tab = "#replica-tabs button[data-replica='" + resumedReplica + "']";
            b.until(d -> {
                try {
                    d.findElement(By.cssSelector(tab)).click();
                    return true;
                } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                    return null;
                }
            });
            b.until(d -> d.findElement(By.id("log-text")).getText().contains("serving "));
            assertThat(b.driver.executeScript("return document.querySelector('#replica-tabs button[aria-selected=true]').dataset.replica"))
                    .isEqualTo(resumedReplica);
            assertThat(b.driver.executeScript("return window.notReloaded === true")).isEqualTo(true);

            // Update: the change is shown before it is applied, and applied only then.
            b.type("#up-max", "2");
            b.find("#review").click();
            assertThat(b.waitForText("#diff", "maxReplica")).contains("compute.scaling.maxReplica: 1 → 2");
            assertThat(api.get("/v2/endpoint/alice/web").json().at("/compute/scaling/maxReplica").asInt()).isEqualTo(1);
            b.find("#apply").click();
            b.until(d -> !d.findElement(By.id("review-panel")).isDisplayed());
            assertThat(api.get("/v2/endpoint/alice/web").json().at("/compute/scaling/maxReplica").asInt()).isEqualTo(2);

            // The endpoints list shows it running, with its replicas and URL.
            b.open("/");
            WebElement row = b.find("#endpoints tr[data-name=web]");
            assertThat(row.getAttribute("data-state")).isEqualTo("running");
            assertThat(row.findElement(By.cssSelector("td.replicas")).getText()).isEqualTo("1/1");
            b.screenshot("05-endpoints-list");
            b.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            b.screenshot("06-endpoints-list-phone");
            b.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 800));

            // Connections: a refused key shows the server's message; the right one is listed, ready.
            b.open("/ui/connections");
            b.type("#credential", credential("hf_wrongKeyWrongKey"));
            b.find("#connection-form button[type=submit]").click();
            assertThat(b.waitForText("#connection-error", "refused the api_key")).contains("HTTP 401");
            b.type("#credential", credential(KEY));
            b.find("#connection-form button[type=submit]").click();
            WebElement connection = b.find("#connections tr[data-name=remote-chat]");
            assertThat(connection.getText()).contains("ready").contains(REMOTE_MODEL).doesNotContain(KEY);
            b.screenshot("07-connections");

            // Models: the connected model beside the managed endpoint.
            b.open("/ui/models");
            assertThat(b.find("#models tr[data-model='" + REMOTE_MODEL + "']").getText()).contains("connection");
            assertThat(b.find("#models tr[data-model=web]").getText()).contains("endpoint");
            b.screenshot("08-models");

            // Tokens (admin): a created token is shown once and listed by its id.
            b.open("/ui/tokens");
            b.type("#token-namespace", "bob");
            b.type("#token-label", "dashboard test");
            b.find("#token-form button[type=submit]").click();
            String created = b.until(d -> {
                String shown = d.findElement(By.id("new-token-value")).getText();
                return shown.isBlank() ? null : shown;
            });
            assertThat(created).startsWith("hearth_");
            b.waitForText("#tokens tbody", "dashboard test");
            b.screenshot("09-tokens");

            // Delete, confirmed by typing the name: the button stays disabled until the name matches.
            b.open("/ui/endpoint?namespace=alice&name=web");
            b.find("#title");
            assertThat(b.find("#delete-button").isEnabled()).isFalse();
            b.type("#delete-confirm", "web");
            b.find("#delete-button").click();
            b.until(d -> d.getCurrentUrl().endsWith("/"));
            b.find("#endpoints");
            b.until(d -> d.findElements(By.cssSelector("#endpoints tr[data-name=web]")).isEmpty());
            assertThat(api.get("/v2/endpoint/alice/web").status()).isEqualTo(404);

            // Signing out forgets the session: the dashboard asks for a token again.
            b.find("#sign-out").click();
            b.find("#token");
            b.open("/ui/models");
            b.find("#token");
            assertThat(b.driver.getCurrentUrl()).contains("/ui/signin");
        }
    }
}
