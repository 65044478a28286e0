package io.warren.cli;

import io.warren.apps.probe.Probe;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page in a real headless browser (Debian's chromium through chromedriver; {@code ./run-tests} installs both,
 * {@code WARREN_CHROMIUM} and {@code WARREN_CHROMEDRIVER} point elsewhere): it loads, shows a running job's progress
 * and live workers, updates without a reload, draws a job's task timeline and throughput, keeps the chosen job in the
 * URL, and says "refused" and "none" where there is nothing to draw.
 */
class StatusPageBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path storage;
    private Fleet fleet;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        TextGenerator.write(storage, "in", 8, 100, 5);
        fleet = new Fleet("browser", storage, "--task-timeout", "20s");
        fleet.startCoordinator().startWorkers(2);
        String chromium = System.getenv().getOrDefault("WARREN_CHROMIUM", "/usr/bin/chromium");
        String driver = System.getenv().getOrDefault("WARREN_CHROMEDRIVER", "/usr/bin/chromedriver");
        assertThat(Path.of(chromium)).as("chromium is needed for this test: ./run-tests installs it (or: apt-get install chromium chromium-driver)").exists();
        assertThat(Path.of(driver)).as("chromedriver is needed for this test: ./run-tests installs it (or: apt-get install chromium-driver)").exists();
        ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-extensions",
                "--no-first-run", "--window-size=1400,1000", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
    }

    @AfterEach
    void stop(TestInfo test) throws Exception {
        if (browser != null) {
            Path shot = Path.of("target", "status-page-" + test.getTestMethod().orElseThrow().getName() + ".png");
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

    private long count(String selector) {
        return (Long) browser.executeScript("return document.querySelectorAll(arguments[0]).length;", selector);
    }

    private String fill(String selector) {
        return String.valueOf(browser.executeScript("const e = document.querySelector(arguments[0]);"
                + "return e ? getComputedStyle(e).fill : '';", selector));
    }

    private static Stream<TaskRun> runs(JobRecord job) {
        return Stream.concat(job.maps().stream(), job.reduces().stream()).map(TaskRecord::runs).flatMap(List::stream);
    }

    @Test
    void thePageShowsARunningJobsProgressWorkersTimelineAndThroughputAndUpdatesLive() throws Exception {
        JobSpec spec = JobSpec.of("browser-job", Probe.class.getName(), null, List.of("in/*.txt"), "out/browser", 2,
                Map.of("mapDelayMillis", "1500", "failOnceOf", "in/3.txt", "onceDir", storage.resolve("once").toString()));
        CompletableFuture<JobUpdate> done = fleet.submit(spec);
        browser.get(fleet.httpBase("coordinator-1").toString());
        assertThat(browser.getTitle()).isEqualTo("Warren status");

        // A running job with its map progress, and a worker running one of its tasks.
        wait.until(d -> row("browser-job").matches("MAPPING [0-7]/8"));
        wait.until(d -> visibleText("#workers tbody").contains("map-"));

        // Chosen while it runs: the job goes into the URL, and its timeline draws running bars as they happen.
        browser.findElement(By.cssSelector("#jobs a[data-job='browser-job']")).click();
        assertThat(browser.getCurrentUrl()).endsWith("#job=browser-job");
        wait.until(d -> count("#timeline rect.bar[data-outcome='running']") > 0);

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
        JobRecord record = fleet.record("browser-job");

        // One bar per run, coloured by outcome and phase: map-3's failed first attempt and its successful rerun.
        long runs = runs(record).count();
        long failed = runs(record).filter(r -> r.outcome() == TaskRun.Outcome.FAILED).count();
        assertThat(failed).as("map-3 failed once").isEqualTo(1);
        wait.until(d -> count("#timeline rect.bar") == runs && count("#timeline rect.bar.running") == 0);
        assertThat(count("#timeline rect.bar[data-outcome='failed']")).isEqualTo(failed);
        assertThat(count("#timeline rect.bar[data-outcome='succeeded']")).isEqualTo(10);
        assertThat(count("#timeline rect.bar[data-phase='reduce']")).isEqualTo(2);
        String failedFill = fill("#timeline rect.bar.failed");
        String mapFill = fill("#timeline rect.bar.map.succeeded");
        String reduceFill = fill("#timeline rect.bar.reduce.succeeded");
        assertThat(failedFill).isEqualTo(fill(".legend rect.bar.failed")).isNotEqualTo(mapFill);
        assertThat(mapFill).isEqualTo(fill(".legend rect.bar.map.succeeded")).isNotEqualTo(reduceFill);
        assertThat(count("#timeline .lane-label")).as("a row per worker lane").isBetween(2L, 4L);

        // Hovering over the failed bar tells its story.
        new Actions(browser).moveToElement(browser.findElement(By.cssSelector("#timeline rect.bar.failed"))).perform();
        wait.until(d -> browser.findElement(By.id("tip")).isDisplayed());
        assertThat(visibleText("#tip")).contains("map-3", "attempt 1", "failed", "probe failure requested once");

        // Throughput charts: input, intermediate and output per second, each with data.
        assertThat(count("#throughput path.area")).isEqualTo(3);
        for (String series : List.of("input", "intermediate", "output")) {
            Object peak = browser.executeScript("return +document.querySelector('#throughput path.area." + series
                    + "').dataset.peak;");
            assertThat(((Number) peak).doubleValue()).as(series + " peak").isPositive();
        }

        // Counters as a table, with thousands separators.
        long inputBytes = record.counters().get("map.input.bytes");
        assertThat(inputBytes).isGreaterThan(1000);
        assertThat(visibleText("#counters")).contains(String.format(Locale.US, "map.input.bytes\t%,d", inputBytes));

        // The reduce that holds the most input, and its share, as the reduces told it.
        var skew = io.warren.coordinator.status.ReduceSkew.of(record).orElseThrow();
        assertThat(visibleText("#reduce-skew")).startsWith(skew.task() + ": " + Math.round(100 * skew.share()) + "% of ")
                .contains("(even: 50%)");

        // The tasks table, and the job's failure in "Recent failures".
        assertThat(count("#tasks tbody tr")).isEqualTo(10);
        assertThat(visibleText("#failures tbody")).contains("map-3", "probe failure requested once");

        // The chosen job survives a reload; closing it and going back brings it back.
        browser.navigate().refresh();
        wait.until(d -> "browser-job".equals(browser.executeScript("return document.getElementById('detail').dataset.job;"))
                && count("#timeline rect.bar") == runs);
        browser.findElement(By.cssSelector("#detail a.close")).click();
        wait.until(d -> !browser.findElement(By.id("detail")).isDisplayed());
        browser.navigate().back();
        wait.until(d -> browser.findElement(By.id("detail")).isDisplayed() && count("#timeline rect.bar") == runs);
        assertThat(browser.getCurrentUrl()).endsWith("#job=browser-job");
    }

    @Test
    void aRefusedJobIsShownAsRefusedWithItsReasonAndEmptyListsSayNone() throws Exception {
        browser.get(fleet.httpBase("coordinator-1").toString());
        wait.until(d -> visibleText("#jobs tbody").startsWith("none"));
        wait.until(d -> visibleText("#failures tbody").equals("none"));

        JobSpec spec = JobSpec.of("refused-job", "no-such-app", null, List.of("in/*.txt"), "out/refused", 2, Map.of());
        fleet.client().jobs().publish(spec);
        JobRecord record = fleet.awaitRecord("refused-job", r -> r.state() == JobState.FAILED, WAIT);
        assertThat(record.refused()).isTrue();

        wait.until(d -> row("refused-job").startsWith("REFUSED"));
        WebElement refusedRow = browser.findElement(By.cssSelector("#jobs tr[data-job='refused-job']"));
        assertThat(refusedRow.getText()).contains("REFUSED", "refused: " + record.error());
        assertThat(refusedRow.findElements(By.cssSelector(".progress"))).as("no empty progress bars").isEmpty();
        assertThat(visibleText("#failures tbody")).as("a refusal is not a failed attempt").isEqualTo("none");

        browser.get(fleet.httpBase("coordinator-1").resolve("/#job=refused-job").toString());
        wait.until(d -> visibleText("#detail").contains("Refused at submission"));
        assertThat(visibleText("#detail .notice.refused")).contains(record.error());
        assertThat(count("#detail #timeline")).as("no timeline for a job that never ran").isZero();
        assertThat(visibleText("#detail .columns p.none")).as("no counters").isEqualTo("none");
    }

    @Test
    void aPipelineIsOneRowWithItsStepsJobsBeneathIt() throws Exception {
        JobSpec spec = JobSpec.pipeline("page-pipeline", List.of(
                new io.warren.protocol.PipelineStep("count", JobSpec.of(null, "wordcount", null, List.of("in/*.txt"), null, 2,
                        Map.of())),
                new io.warren.protocol.PipelineStep("top", JobSpec.of(null, "topcount", null, List.of("@count"),
                        "out/page-top", 1, Map.of()))), false);
        assertThat(fleet.run(spec, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
        browser.get(fleet.httpBase("coordinator-1").toString());

        wait.until(d -> count("#jobs tr.pipeline[data-pipeline='page-pipeline']") == 1);
        WebElement head = browser.findElement(By.cssSelector("#jobs tr.pipeline[data-pipeline='page-pipeline']"));
        assertThat(head.getText()).contains("SUCCEEDED", "pipeline: count › top", "2/2");
        Object following = browser.executeScript("const h = document.querySelector(\"#jobs tr[data-pipeline='page-pipeline']\");"
                + "return [h.nextElementSibling.dataset.job, h.nextElementSibling.nextElementSibling.dataset.job];");
        assertThat(following).as("its steps' jobs, right beneath it").isEqualTo(List.of("page-pipeline.count", "page-pipeline.top"));
        assertThat(count("#jobs tr[data-job='page-pipeline.count']")).as("listed once, as a step").isEqualTo(1);
        assertThat(count("#jobs tr.step")).isEqualTo(2);

        browser.findElement(By.cssSelector("#jobs a[data-job='page-pipeline.top']")).click();
        wait.until(d -> visibleText("#detail").contains("page-pipeline.top"));
    }
}
