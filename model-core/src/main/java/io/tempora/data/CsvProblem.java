package io.tempora.data;

/**
 * One thing wrong with a CSV input, and where.
 *
 * @param line    1-based physical line where the record starts (the header is line 1)
 * @param column  1-based column, or 0 when the problem concerns the whole record
 * @param message what was wrong and what was expected
 */
public record CsvProblem(long line, int column, String message) {

    @Override
    public String toString() {
        return "line " + line + (column > 0 ? ", column " + column : "") + ": " + message;
    }
}
