package io.tempora.bench.query;

import io.tempora.demo.AppInstances;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Round trips of one HTTP client to one app instance, one request at a time: a prediction query for an entity the
 * instance owns (answered from its own store), one for an entity another instance owns (forwarded there and relayed),
 * and {@code /health/live} (the HTTP round trip alone, the reference), in turn, so that whatever else the machine does
 * weighs on the three alike. Each answer must be a 200 that says whether it was forwarded as expected; anything else
 * stops the measurement.
 */
public final class QueryLatency {

    /** Round trips are recorded in microseconds up to a minute, to three significant digits. */
    private static final long MAX_US = TimeUnit.MINUTES.toMicros(1);

    private static final int SIGNIFICANT_DIGITS = 3;

    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    private final Histogram local = new Histogram(MAX_US, SIGNIFICANT_DIGITS);
    private final Histogram forwarded = new Histogram(MAX_US, SIGNIFICANT_DIGITS);
    private final Histogram reference = new Histogram(MAX_US, SIGNIFICANT_DIGITS);

    /** @param hostPort the receiving instance's HTTP {@code host:port} */
    public QueryLatency(String hostPort) {
        this.base = "http://" + hostPort;
    }

    /**
     * Runs {@code warmup} unrecorded rounds, then {@code rounds} recorded ones; round {@code i} queries
     * {@code owned.get(i % owned.size())} and {@code notOwned.get(i % notOwned.size())} at the time the request is
     * sent, then {@code /health/live}.
     */
    public void run(List<String> owned, List<String> notOwned, int warmup, int rounds)
            throws IOException, InterruptedException {
        if (owned.isEmpty() || notOwned.isEmpty()) {
            throw new IllegalArgumentException("the receiving instance owns " + owned.size()
                    + " of the entities and the others " + notOwned.size() + ": both kinds of query need some");
        }
        for (int i = 0; i < warmup + rounds; i++) {
            boolean recorded = i >= warmup;
            time(prediction(owned.get(i % owned.size())), false, recorded ? local : null);
            time(prediction(notOwned.get(i % notOwned.size())), true, recorded ? forwarded : null);
            time(base + "/health/live", false, recorded ? reference : null);
        }
    }

    private String prediction(String entity) {
        return base + "/entities/" + entity + "/prediction?at=" + System.currentTimeMillis();
    }

    private void time(String url, boolean expectForwarded, Histogram into) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
        long start = System.nanoTime();
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        long us = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        boolean wasForwarded =
                r.headers().firstValue(AppInstances.FORWARDED_HEADER).isPresent();
        if (wasForwarded != expectForwarded) {
            throw new IllegalStateException("GET " + url + " was " + (wasForwarded ? "" : "not ")
                    + "forwarded; expected the opposite (has the partition moved?)");
        }
        if (into != null) {
            into.recordValue(Math.min(us, MAX_US));
        }
    }

    public Histogram local() {
        return local;
    }

    public Histogram forwarded() {
        return forwarded;
    }

    public Histogram reference() {
        return reference;
    }

    /** Milliseconds at {@code percentile} of {@code h}. */
    public static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** {@code name  p50 0.412 ms  p90 ...  p99 ...  max ...  (n)}. */
    public static String line(String name, Histogram h) {
        return String.format(
                Locale.ROOT,
                "%-10s p50 %7.3f ms   p90 %7.3f ms   p99 %7.3f ms   p99.9 %7.3f ms   max %7.3f ms   (%d)",
                name,
                ms(h, 50),
                ms(h, 90),
                ms(h, 99),
                ms(h, 99.9),
                h.getMaxValue() / 1000.0,
                h.getTotalCount());
    }
}
