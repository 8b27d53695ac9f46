package io.tempora.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks of a report page as a browser would load it, shared by the report's tests. */
public final class ReportHtml {

    /** A reference that would make the browser fetch something: an attribute or CSS url naming another place. */
    private static final Pattern REMOTE_REFERENCE =
            Pattern.compile("(?i)(\\b(src|href|action|poster|srcset)\\s*=|url\\(|@import)");

    private static final Pattern SCRIPT_TAG = Pattern.compile("(?i)<script\\b");

    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"" + ReportPage.DATA_ID + "\">(.*?)</script>", Pattern.DOTALL);

    private ReportHtml() {}

    /**
     * Asserts that {@code html} is one whole page that loads nothing from elsewhere: no src, href or CSS url at all
     * (so none with http:// or https://), no link element, exactly its three inline scripts (data, uPlot, drawing),
     * and a plot element for every figure in its data; returns the data.
     */
    public static JsonNode assertSelfContained(String html) throws Exception {
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n").contains("<meta charset=\"utf-8\">");
        assertThat(REMOTE_REFERENCE.matcher(html).find())
                .as("a src/href/url reference in the page")
                .isFalse();
        assertThat(html)
                .doesNotContainIgnoringCase("<link")
                .doesNotContainIgnoringCase("<iframe")
                .doesNotContainIgnoringCase("<object")
                .doesNotContainIgnoringCase("<img")
                .doesNotContain("http://");
        assertThat(SCRIPT_TAG.matcher(html).results().count()).isEqualTo(3);
        assertThat(html).contains("uPlot", "new uPlot(");
        Matcher m = DATA.matcher(html);
        assertThat(m.find()).as("the plot data element").isTrue();
        JsonNode data = new ObjectMapper().readTree(m.group(1));
        for (JsonNode figure : data.get("figures")) {
            String id = figure.get("id").asText();
            assertThat(html).contains("<div class=\"figure\" id=\"plot-" + id + "\"></div>");
            int n = figure.get("x").size();
            for (JsonNode series : figure.get("series")) {
                assertThat(series.get("values").size()).isEqualTo(n);
            }
        }
        return data;
    }

    /** The figure ids of the page's data, in order. */
    public static List<String> figureIds(JsonNode data) {
        List<String> ids = new ArrayList<>();
        data.get("figures").forEach(f -> ids.add(f.get("id").asText()));
        return ids;
    }

    /** The series labels of figure {@code id}. */
    public static List<String> seriesLabels(JsonNode data, String id) {
        List<String> labels = new ArrayList<>();
        for (JsonNode f : data.get("figures")) {
            if (f.get("id").asText().equals(id)) {
                f.get("series").forEach(s -> labels.add(s.get("label").asText()));
            }
        }
        return labels;
    }
}
