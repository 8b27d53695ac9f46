package io.tempora.model.train;

import io.tempora.model.EventModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The plain path ({@link WindowExecutor#PLAIN}): one {@link WindowGradient} per worker thread, window
 * {@code b} of a batch on worker {@code b mod threads}, and the workers' gradients added in worker order,
 * so that a run is bit-identical whatever the thread timing. One worker runs on the caller's thread.
 */
final class PlainWindowExecutor implements WindowExecutor {

    private final EventModel model;
    private final ExecutorService pool;
    private final Worker[] workers;
    private final List<Callable<Void>> tasks = new ArrayList<>();

    PlainWindowExecutor(EventModel model, TrainingConfig config) {
        this.model = model;
        int threads = config.threads();
        this.pool = threads > 1
                ? Executors.newFixedThreadPool(threads, r -> {
                    Thread t = new Thread(r, "tempora-trainer");
                    t.setDaemon(true);
                    return t;
                })
                : null;
        this.workers = new Worker[threads];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(
                    new WindowGradient(model, config.gradient().create(config.solver()), config.solver()),
                    new double[model.parameters().size()]);
            final Worker w = workers[i];
            tasks.add(() -> {
                w.run();
                return null;
            });
        }
    }

    @Override
    public double gradient(WindowBatch batch, double[] grad) {
        for (int i = 0; i < workers.length; i++) {
            workers[i].assign(batch, i, workers.length);
        }
        if (pool == null) {
            workers[0].run();
        } else {
            try {
                for (Future<Void> f : pool.invokeAll(tasks)) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("training interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(c);
            }
        }
        double nll = 0;
        for (Worker w : workers) {
            nll += w.nll;
            for (int k = 0; k < grad.length; k++) {
                grad[k] += w.grad[k];
            }
        }
        return nll;
    }

    @Override
    public long forwardEvaluations() {
        long n = 0;
        for (Worker w : workers) {
            n += w.wg.forwardEvaluations();
        }
        return n;
    }

    @Override
    public long backwardEvaluations() {
        long n = 0;
        for (Worker w : workers) {
            n += w.wg.backwardEvaluations();
        }
        return n;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** One thread's share of a batch: windows {@code first, first + stride, …}. */
    private static final class Worker {
        final WindowGradient wg;
        final double[] grad;
        WindowBatch batch;
        int first;
        int stride;
        double nll;

        Worker(WindowGradient wg, double[] grad) {
            this.wg = wg;
            this.grad = grad;
        }

        void assign(WindowBatch batch, int first, int stride) {
            this.batch = batch;
            this.first = first;
            this.stride = stride;
        }

        void run() {
            Arrays.fill(grad, 0);
            nll = 0;
            for (int b = first; b < batch.size(); b += stride) {
                nll += wg.compute(
                        batch.sequence(b),
                        batch.from(b),
                        batch.to(b),
                        batch.start(b),
                        batch.startTime(b),
                        batch.origin(b),
                        grad);
                wg.endState(batch.end(b));
            }
        }
    }
}
