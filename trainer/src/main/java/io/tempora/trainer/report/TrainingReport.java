package io.tempora.trainer.report;

import java.util.List;

/**
 * What the report page shows, as plain text and numbers ({@link ReportPage} escapes and lays it out).
 *
 * @param title   the page's heading
 * @param summary the run at a glance: label and value, in order
 * @param notes   what the reader should know that the plots do not say (e.g. why the true intensity is missing)
 * @param figures the plots, in order
 */
public record TrainingReport(String title, List<Row> summary, List<String> notes, List<Figure> figures) {

    public TrainingReport {
        summary = List.copyOf(summary);
        notes = List.copyOf(notes);
        figures = List.copyOf(figures);
    }

    /** One line of the summary table. */
    public record Row(String label, String value) {}
}
