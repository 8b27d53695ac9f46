package io.tempora.model.train;

import io.tempora.data.EventSequence;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.StreamingScorer;
import io.tempora.ode.SolverSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The trainer's forward passes over whole sequences with the current parameters: each scores a sequence's events
 * from an index on (the validation NLL) and records the latent state at the start of the training windows that
 * need one (the first window of each stream, {@link Trainer}). The sequences are shared among
 * {@link TrainingConfig#threads()} workers, one {@link StreamingScorer} each; every sequence is run alone from its
 * own start and the per-sequence sums are added in sequence order, so a pass gives bit-identical figures whatever
 * the number of threads or their timing.
 *
 * <p>A pass stops at a deadline (the fit's time budget): no event is observed once the clock has reached it, and the
 * result then says how many events it scored and that it is partial.
 */
final class ValidationPass implements AutoCloseable {

    /** What one pass measured. */
    record Result(double logLikelihood, long scored, long toScore, boolean complete) {

        /** The NLL per scored event (data units), NaN when nothing was scored. */
        double nllPerEvent() {
            return scored > 0 ? -logLikelihood / scored : Double.NaN;
        }
    }

    /** Where training windows start in a pass's sequences, and where their start states go. */
    record Windows(List<Trainer.WindowRef> refs, boolean[] needed, double[][] starts) {}

    private final EventModel model;
    private final SolverSettings solver;
    private final int threads;
    private final ExecutorService pool;
    private final LongSupplier nanoTime;

    ValidationPass(EventModel model, SolverSettings solver, int threads, LongSupplier nanoTime) {
        this.model = model;
        this.solver = solver;
        this.threads = threads;
        this.nanoTime = nanoTime;
        this.pool = threads > 1
                ? Executors.newFixedThreadPool(threads, r -> {
                    Thread t = new Thread(r, "tempora-validation");
                    t.setDaemon(true);
                    return t;
                })
                : null;
    }

    /**
     * Runs every sequence forward from its first event's time and returns the log-likelihood of events
     * {@code [scoreFrom[s], size)} of each sequence {@code s}.
     *
     * @param conditionOnFirst whether a sequence starts from its first event, conditioned on and not scored (the
     *                         evaluate convention; {@code scoreFrom} must then be at least 1), or from the learned
     *                         initial state at its first event's time (the first event observed like the others)
     * @param windows          the training windows whose start states to record, or null
     * @param deadlineNanos    the clock reading at which the pass stops, {@link Long#MAX_VALUE} for none
     */
    Result run(
            List<EventSequence> seqs, int[] scoreFrom, boolean conditionOnFirst, Windows windows, long deadlineNanos) {
        int n = seqs.size();
        int[] firstWindow = new int[n + 1];
        int[] runTo = new int[n];
        long toScore = 0;
        for (int s = 0; s < n; s++) {
            int size = seqs.get(s).size();
            runTo[s] = scoreFrom[s] < size ? size : 0;
            toScore += Math.max(0, size - scoreFrom[s]);
        }
        if (windows != null) {
            // Windows come sequence by sequence: sequence s owns [firstWindow[s], firstWindow[s + 1]).
            for (Trainer.WindowRef ref : windows.refs()) {
                firstWindow[ref.sequence() + 1]++;
            }
            for (int s = 0; s < n; s++) {
                firstWindow[s + 1] += firstWindow[s];
            }
            for (int w = 0; w < windows.refs().size(); w++) {
                Trainer.WindowRef ref = windows.refs().get(w);
                if (windows.needed()[w]) {
                    runTo[ref.sequence()] = Math.max(runTo[ref.sequence()], ref.from());
                }
            }
        }
        double[] ll = new double[n];
        long[] scored = new long[n];
        boolean[] complete = new boolean[n];
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            tasks.add(() -> {
                StreamingScorer scorer = new StreamingScorer(model, solver);
                int f = model.architecture().numFeatures();
                double[] x = f > 0 ? new double[f] : null;
                for (int s = next.getAndIncrement(); s < n; s = next.getAndIncrement()) {
                    complete[s] = runOne(
                            scorer,
                            seqs.get(s),
                            scoreFrom[s],
                            runTo[s],
                            conditionOnFirst,
                            windows,
                            firstWindow[s],
                            firstWindow[s + 1],
                            deadlineNanos,
                            x,
                            ll,
                            scored,
                            s);
                }
                return null;
            });
        }
        invoke(tasks);
        double sum = 0;
        long count = 0;
        boolean all = true;
        for (int s = 0; s < n; s++) {
            sum += ll[s];
            count += scored[s];
            all &= complete[s];
        }
        return new Result(sum, count, toScore, all);
    }

    /** Runs one sequence; returns whether it got to {@code runTo} before the deadline. */
    private boolean runOne(
            StreamingScorer scorer,
            EventSequence seq,
            int scoreFrom,
            int runTo,
            boolean conditionOnFirst,
            Windows windows,
            int windowFrom,
            int windowTo,
            long deadlineNanos,
            double[] x,
            double[] ll,
            long[] scored,
            int s) {
        if (runTo == 0 || seq.isEmpty()) {
            return true;
        }
        EntityState state;
        int first;
        if (conditionOnFirst) {
            state = scorer.start(seq.time(0), seq.type(0), features(seq, 0, x));
            first = 1;
        } else {
            state = scorer.newState(seq.time(0));
            first = 0;
        }
        double sum = 0;
        long count = 0;
        int w = windowFrom;
        boolean done = true;
        for (int i = first; ; i++) {
            // The state before event i is where a window starting at i starts.
            for (; w < windowTo && windows.refs().get(w).from() <= i; w++) {
                if (windows.refs().get(w).from() == i) {
                    double[] h = windows.starts()[w];
                    for (int j = 0; j < h.length; j++) {
                        h[j] = state.latent(j);
                    }
                }
            }
            if (i >= runTo) {
                break;
            }
            if (nanoTime.getAsLong() >= deadlineNanos) {
                done = false;
                break;
            }
            double v = scorer.observe(state, seq.time(i), seq.type(i), features(seq, i, x));
            if (i >= scoreFrom) {
                sum += v;
                count++;
            }
        }
        ll[s] = sum;
        scored[s] = count;
        return done;
    }

    /** Event {@code i}'s features in {@code x}, or null for a model without features. */
    private static double[] features(EventSequence seq, int i, double[] x) {
        if (x == null) {
            return null;
        }
        for (int j = 0; j < x.length; j++) {
            x[j] = seq.feature(i, j);
        }
        return x;
    }

    private void invoke(List<Callable<Void>> tasks) {
        if (pool == null) {
            try {
                tasks.get(0).call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("validation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
