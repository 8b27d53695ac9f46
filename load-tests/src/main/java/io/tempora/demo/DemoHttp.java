package io.tempora.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * What the demo's console says about the app's HTTP endpoints: each instance's address and the {@code curl} commands
 * that query a running demo (readiness, metrics, and an entity's prediction now, from its owner and through another
 * instance).
 */
final class DemoHttp {

    /** The shell's epoch milliseconds now (GNU date), for a prediction's {@code at}. */
    static final String NOW_MS = "$(date +%s%3N)";

    private DemoHttp() {}

    /** {@code http://host:port}. */
    static String url(String hostPort) {
        return "http://" + hostPort;
    }

    /** The prediction query's path for {@code entity}, at the shell's now. */
    static String predictionPath(String entity) {
        return "/entities/" + entity + "/prediction?at=" + NOW_MS;
    }

    /**
     * The console's lines: the instances' addresses and the commands to try on them while the demo runs.
     *
     * @param http   each instance's {@code host:port}
     * @param entity an entity of the demo, one the console's table shows
     */
    static List<String> howToQuery(List<String> http, String entity) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < http.size(); i++) {
            lines.add((http.size() == 1
                            ? "the app's HTTP: "
                            : "app instance " + (i + 1) + " of " + http.size() + ", HTTP: ")
                    + url(http.get(i)) + "/");
        }
        String first = url(http.get(0));
        lines.add("while the demo runs, try:");
        lines.add("  curl -s " + first + "/health/ready");
        lines.add("  curl -s " + first + "/metrics | grep '^tempora_'");
        lines.add("  curl -s \"" + first + predictionPath(entity) + "\"");
        if (http.size() > 1) {
            lines.add("  curl -si \"" + url(http.get(1)) + predictionPath(entity)
                    + "\"   (any instance answers: a non-owner forwards to the owner and says so in "
                    + AppInstances.FORWARDED_HEADER + ")");
        }
        lines.add("(a prediction answers 409 until the training service's first model has scored the entity; "
                + "entities are " + entity + " onwards, the table below shows the first few)");
        return lines;
    }

    /** One line for the top of the full-screen view: the instances' addresses and a prediction query. */
    static String headline(List<String> http, String entity) {
        List<String> urls = http.stream().map(DemoHttp::url).toList();
        return "HTTP " + String.join("  ", urls) + "   curl -s \"" + urls.get(0) + predictionPath(entity) + "\"";
    }
}
