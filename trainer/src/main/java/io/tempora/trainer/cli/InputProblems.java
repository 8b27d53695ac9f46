package io.tempora.trainer.cli;

import io.tempora.data.CsvFormatException;
import io.tempora.data.CsvProblem;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Prints every problem of a CSV file, one a line, as {@code FILE:LINE[:COLUMN]: what is wrong}. */
final class InputProblems {

    /** The exit status of a command refused because of its input files. */
    static final int EXIT_BAD_INPUT = 2;

    private InputProblems() {}

    static int report(PrintWriter err, Path file, CsvFormatException e) {
        err.println(file + ": " + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems")
                + " (expected a header 'entity_id,timestamp,type[,feature...]' and one event per row):");
        for (CsvProblem p : e.problems()) {
            err.println(file + ":" + p.line() + (p.column() > 0 ? ":" + p.column() : "") + ": " + p.message());
        }
        err.flush();
        return EXIT_BAD_INPUT;
    }
}
