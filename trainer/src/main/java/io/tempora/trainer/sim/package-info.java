/**
 * Simulated event files: {@code ./tempora simulate} writes a benchmark process's histories as CSV with a sidecar
 * naming the process, from which {@code fit}'s report recomputes the true intensity and {@code evaluate} the true
 * process's likelihood ({@link io.tempora.trainer.sim.TrueLikelihood}).
 */
package io.tempora.trainer.sim;
