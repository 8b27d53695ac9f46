package io.tempora.trainer.report;

import java.util.Locale;

/**
 * Lays a {@link TrainingReport} out as one self-contained HTML page: uPlot's stylesheet and script, the plot data
 * (JSON) and the few lines that draw each figure are all inlined, so the page opens offline and from anywhere it is
 * copied to. Every text from the run (file, entity and type names) is escaped ({@link Html}).
 */
public final class ReportPage {

    /** The id of the element that holds the plot data. */
    static final String DATA_ID = "report-data";

    /** The plots' height, CSS pixels (their width follows the page's, up to {@link #MAX_PLOT_WIDTH}). */
    private static final int PLOT_HEIGHT = 340;

    private static final int MAX_PLOT_WIDTH = 1100;

    /**
     * Draws every figure of the data with uPlot: one x column, one column per series, lines or markers only, the y
     * axis from 0 and whole-number x ticks where the figure asks.
     */
    private static final String DRAW = """
            (function () {
              var data = JSON.parse(document.getElementById('%s').textContent);
              var WHOLE = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];
              data.figures.forEach(function (f) {
                var el = document.getElementById('plot-' + f.id);
                var series = [{label: f.xLabel}];
                var columns = [f.x];
                f.series.forEach(function (s) {
                  var o = {label: s.label, stroke: s.color, width: s.width, spanGaps: false};
                  if (s.dashed) { o.dash = [6, 4]; }
                  if (s.style === 'MARKERS') {
                    o.paths = function () { return null; };
                    o.points = {show: true, space: 0, size: 9, fill: s.color, stroke: s.color};
                  } else {
                    o.points = {show: s.style === 'LINE_AND_POINTS'};
                  }
                  series.push(o);
                  columns.push(s.values);
                });
                var y = f.yFromZero
                  ? {range: function (u, min, max) { return [0, max > 0 ? max * 1.05 : 1]; }}
                  : {};
                new uPlot({
                  width: Math.max(480, Math.min(%d, el.clientWidth || %d)),
                  height: %d,
                  series: series,
                  scales: {x: {time: false}, y: y},
                  axes: [f.integerX ? {label: f.xLabel, incrs: WHOLE} : {label: f.xLabel}, {label: f.yLabel}]
                }, columns, el);
              });
            })();
            """;

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 1140px; padding: 0 1em;
                   color: #222; }
            table.summary { border-collapse: collapse; }
            table.summary th { text-align: left; padding: 0.15em 1em 0.15em 0; font-weight: 600; }
            table.summary td { padding: 0.15em 0; }
            .note { background: #fff6d5; padding: 0.4em 0.8em; border-left: 4px solid #e0b000; }
            .figure { margin: 0.5em 0 0.2em; min-height: 40px; }
            .caption { color: #555; font-size: 0.9em; max-width: 60em; }
            """;

    private ReportPage() {}

    /** The page. */
    public static String render(TrainingReport report) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>")
                .append(Html.escape(report.title()))
                .append("</title>\n<style>\n")
                .append(UplotAssets.stylesheet())
                .append('\n')
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n<h1>")
                .append(Html.escape(report.title()))
                .append("</h1>\n<table class=\"summary\">\n");
        for (TrainingReport.Row row : report.summary()) {
            h.append("<tr><th>")
                    .append(Html.escape(row.label()))
                    .append("</th><td>")
                    .append(Html.escape(row.value()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (String note : report.notes()) {
            h.append("<p class=\"note\">").append(Html.escape(note)).append("</p>\n");
        }
        h.append("<noscript><p class=\"note\">The plots are drawn by this page's own inlined script: allow "
                + "JavaScript to see them.</p></noscript>\n");
        for (Figure f : report.figures()) {
            h.append("<section id=\"")
                    .append(f.id())
                    .append("\">\n<h2>")
                    .append(Html.escape(f.title()))
                    .append("</h2>\n<div class=\"figure\" id=\"plot-")
                    .append(f.id())
                    .append("\"></div>\n<p class=\"caption\">")
                    .append(Html.escape(f.caption()))
                    .append("</p>\n</section>\n");
        }
        h.append("<script type=\"application/json\" id=\"")
                .append(DATA_ID)
                .append("\">")
                .append(Html.scriptSafeJson(PlotData.json(report.figures())))
                .append("</script>\n<script>\n/* uPlot ")
                .append(UplotAssets.version())
                .append(", inlined from its webjar. Its licence:\n")
                .append(UplotAssets.licence().replace("*/", "* /"))
                .append("\n*/\n")
                .append(UplotAssets.script())
                .append("\n</script>\n<script>\n")
                .append(String.format(Locale.ROOT, DRAW, DATA_ID, MAX_PLOT_WIDTH, MAX_PLOT_WIDTH, PLOT_HEIGHT))
                .append("</script>\n</body>\n</html>\n");
        return h.toString();
    }
}
