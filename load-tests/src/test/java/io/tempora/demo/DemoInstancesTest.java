package io.tempora.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./demo.sh instances=2} end to end (real in-process broker, the dev Schema Registry, two app instances and the
 * training service in the same JVM): the console prints both instances' HTTP addresses and curl commands, and those
 * commands answer as printed while the demo runs and while it holds after the stream; the summary names both
 * instances, which shared the partitions and each made predictions, and the accounting balances.
 */
class DemoInstancesTest {

    private static final DemoOptions OPTIONS = DemoOptions.parse(
            "seconds=30",
            "entities=40",
            "unit-ms=200",
            "history-units=60",
            "train-s=3",
            "retrain-every=0",
            "seed=13",
            "console=off",
            "instances=2",
            "hold=20");

    /** How long the test waits for a line of the console or an answer: far beyond the demo's own durations. */
    private static final Duration WAIT = Duration.ofSeconds(180);

    private static final Pattern INSTANCE_LINE = Pattern.compile("app instance (\\d) of 2, HTTP: http://([0-9.:]+)/");
    private static final Pattern PREDICTION_CURL =
            Pattern.compile("curl -si? \"(http://[^\"]+/prediction\\?at=[^\"]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void twoInstancesShareThePartitionsAndAnswerTheDocumentedQueries() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        CompletableFuture<DemoSummary> run = CompletableFuture.supplyAsync(() -> Demo.run(OPTIONS, out));

        await(() -> PREDICTION_CURL.matcher(text(printed)).results().count() == 2 || run.isDone(), "the curl lines");
        String console = text(printed);
        List<String> addresses = new ArrayList<>();
        Matcher m = INSTANCE_LINE.matcher(console);
        while (m.find()) {
            addresses.add(m.group(2));
        }
        assertThat(addresses).as(console).hasSize(2).doesNotHaveDuplicates();
        List<String> predictionUrls =
                PREDICTION_CURL.matcher(console).results().map(r -> r.group(1)).toList();
        assertThat(predictionUrls.get(0)).startsWith("http://" + addresses.get(0) + "/");
        assertThat(predictionUrls.get(1)).startsWith("http://" + addresses.get(1) + "/");
        assertThat(console)
                .contains("curl -s http://" + addresses.get(0) + "/health/ready")
                .contains("curl -s http://" + addresses.get(0) + "/metrics");

        // As printed, while the stream runs: once the first model has scored the entity, both instances answer.
        await(() -> predictionUrls.stream().allMatch(u -> status(u) == 200), "both instances' predictions");
        HttpResponse<String> ready = get("http://" + addresses.get(0) + "/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(get("http://" + addresses.get(0) + "/metrics").body()).contains("tempora_predictions_total");
        HttpResponse<String> viaFirst = get(now(predictionUrls.get(0)));
        HttpResponse<String> viaSecond = get(now(predictionUrls.get(1)));
        assertThat(viaFirst.headers().firstValue(AppInstances.FORWARDED_HEADER).isPresent()
                        ^ viaSecond
                                .headers()
                                .firstValue(AppInstances.FORWARDED_HEADER)
                                .isPresent())
                .as("exactly one of the two instances forwarded the query to the entity's owner")
                .isTrue();

        // After the stream: the apps still serve for the hold.
        await(() -> text(printed).contains("keeps serving HTTP") || run.isDone(), "the hold");
        assertThat(run).as("the demo holds before it stops").isNotDone();
        assertThat(status(predictionUrls.get(1))).isEqualTo(200);

        DemoSummary summary = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(summary.error()).isNull();
        assertThat(summary.drained()).isTrue();
        assertThat(summary.balanced()).isTrue();
        assertThat(summary.instances()).hasSize(2);
        TreeSet<Integer> all = new TreeSet<>();
        long predictions = 0;
        for (AppInstances.Instance i : summary.instances()) {
            assertThat(i.partitions()).as("partitions of " + i.http()).isNotEmpty();
            assertThat(i.predictions()).as("predictions of " + i.http()).isPositive();
            all.addAll(i.partitions());
            predictions += i.predictions();
        }
        assertThat(all).as("each partition on exactly one instance").containsExactly(0, 1, 2, 3);
        assertThat(summary.instances().get(0).partitions().size()
                        + summary.instances().get(1).partitions().size())
                .isEqualTo(4);
        assertThat(predictions).isEqualTo(summary.predictions());
        assertThat(summary.instances().stream().map(AppInstances.Instance::http))
                .containsExactlyElementsOf(addresses);
        String[] lines = text(printed).split("\n");
        assertThat(lines[lines.length - 1]).startsWith(DemoSummary.PREFIX).contains("\"instances\":[");
    }

    private static String text(ByteArrayOutputStream printed) {
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** The printed command's URL with the shell's now replaced by this JVM's. */
    private static String now(String url) {
        return url.replace(DemoHttp.NOW_MS, Long.toString(System.currentTimeMillis()));
    }

    private int status(String url) {
        try {
            return get(now(url)).statusCode();
        } catch (Exception e) {
            throw new AssertionError("GET " + url + " failed", e);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
