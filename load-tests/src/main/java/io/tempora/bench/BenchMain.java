package io.tempora.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Entry point of {@code ./bench.sh NAME [ARGS...]}: runs benchmark {@code NAME} and prints, as the
 * last line of standard output, {@code BENCH } followed by its JSON result.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: bench.sh NAME [ARGS...]   e.g. bench.sh solver");
            System.exit(2);
        }
        String name = args[0];
        String className = BenchMain.class.getPackageName() + "."
                + name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1) + "Bench";
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            System.err.println("no benchmark named '" + name + "' (looked for class " + className + ")");
            System.exit(2);
            return;
        }
        BenchReport report = (BenchReport) type.getDeclaredConstructor().newInstance();
        String json = report.run(Arrays.copyOfRange(args, 1, args.length));
        System.out.flush();
        System.out.println("BENCH " + json);
    }
}
