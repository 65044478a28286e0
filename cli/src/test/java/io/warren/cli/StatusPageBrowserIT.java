package io.warren.cli;

import io.warren.apps.probe.Probe;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page in a real headless browser (Debian's chromium through chromedriver; {@code ./run-tests} installs both,
 * {@code WARREN_CHROMIUM} and {@code WARREN_CHROMEDRIVER} point elsewhere): it loads, shows a running job's progress
 * and live workers, updates without a reload, and opens a job's task table.
 */
class StatusPageBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path storage;
    private Fleet fleet;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        TextGenerator.write(storage, "in", 8, 100, 5);
        fleet = new Fleet("browser", storage, "--task-timeout", "20s");
        fleet.startCoordinator().startWorkers(1);
        String chromium = System.getenv().getOrDefault("WARREN_CHROMIUM", "/usr/bin/chromium");
        String driver = System.getenv().getOrDefault("WARREN_CHROMEDRIVER", "/usr/bin/chromedriver");
        assertThat(Path.of(chromium)).as("chromium is needed for this test: ./run-tests installs it (or: apt-get install chromium chromium-driver)").exists();
        assertThat(Path.of(driver)).as("chromedriver is needed for this test: ./run-tests installs it (or: apt-get install chromium-driver)").exists();
        ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-extensions",
                "--no-first-run", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            Path shot = Path.of("target", "status-page.png");
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
            browser.quit();
        }
        if (fleet != null) fleet.close();
    }

    /** The job row's state and map progress ("MAPPING 3/8"), read in one go: the page redraws every two seconds. */
    private String row(String jobId) {
        Object text = browser.executeScript("const r = document.querySelector(\"#jobs tr[data-job='\" + arguments[0] + \"']\");"
                + "return r ? r.dataset.state + ' ' + r.querySelector('td.maps').textContent.trim() : '';", jobId);
        return String.valueOf(text);
    }

    private String visibleText(String selector) {
        return String.valueOf(browser.executeScript("const e = document.querySelector(arguments[0]);"
                + "return e ? e.innerText : '';", selector));
    }

    @Test
    void thePageShowsARunningJobsProgressAndWorkersAndUpdatesLive() throws Exception {
        JobSpec spec = JobSpec.of("browser-job", Probe.class.getName(), null, List.of("in/*.txt"), "out/browser", 2,
                Map.of("mapDelayMillis", "1000"));
        CompletableFuture<JobUpdate> done = fleet.submit(spec);
        browser.get(fleet.httpBase("coordinator-1").toString());
        assertThat(browser.getTitle()).isEqualTo("Warren status");
        WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(100));

        // A running job with its map progress, and the worker running one of its tasks.
        wait.until(d -> row("browser-job").matches("MAPPING [0-7]/8"));
        wait.until(d -> visibleText("#workers tbody").contains("browser-job map-"));

        // The page redraws itself as tasks finish: every progress value seen, in order, without reloading.
        List<String> seen = new ArrayList<>();
        wait.until(d -> {
            String now = row("browser-job");
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) seen.add(now);
            return now.startsWith("SUCCEEDED");
        });
        assertThat(seen.size()).as("progress seen: %s", seen).isGreaterThanOrEqualTo(3);
        assertThat(seen.get(seen.size() - 1)).isEqualTo("SUCCEEDED 8/8");
        assertThat(done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).state()).isEqualTo(JobState.SUCCEEDED);

        // The job's task table.
        browser.findElement(By.cssSelector("a[data-job='browser-job']")).click();
        wait.until(d -> d.findElements(By.cssSelector("#detail tbody tr")).size() == 10);
        assertThat(visibleText("#detail")).contains("map-0", "reduce-1", "SUCCEEDED", "map.input.bytes");
    }
}
