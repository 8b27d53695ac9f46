package io.tempora.data;

import java.util.List;

/**
 * A CSV input had problems; {@link #problems()} lists every one found (the reader does not stop at the first
 * or skip bad rows). The message shows the first {@value #SHOWN} of them.
 */
public final class CsvFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    static final int SHOWN = 20;

    private final transient List<CsvProblem> problems;

    /** @param source a name for the input (file name) used in the message */
    public CsvFormatException(String source, List<CsvProblem> problems) {
        super(message(source, problems));
        this.problems = List.copyOf(problems);
    }

    /** All problems, in input order. */
    public List<CsvProblem> problems() {
        return problems;
    }

    private static String message(String source, List<CsvProblem> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems")
                .append(" in ")
                .append(source)
                .append(" (expected a header 'entity_id,timestamp,type[,feature...]' and one event per row):");
        for (int i = 0; i < Math.min(SHOWN, problems.size()); i++) {
            sb.append("\n  ").append(problems.get(i));
        }
        if (problems.size() > SHOWN) {
            sb.append("\n  ... and ").append(problems.size() - SHOWN).append(" more");
        }
        return sb.toString();
    }
}
