package io.tempora.ode;

/**
 * What the solver loop calls after each accepted step (package-private: the public face is
 * {@link StepListener}). It may end the solve early, which event location needs.
 */
interface StepHook {

    void start(double t0, double[] y0, double t1);

    /**
     * @return NaN to go on, or a time in {@code (tPrev, tNew]} at which the solve stops
     */
    double afterStep(double tPrev, double[] yPrev, double tNew, double[] yNew, double h, DenseOutput dense);

    void end(double t, double[] y);
}
