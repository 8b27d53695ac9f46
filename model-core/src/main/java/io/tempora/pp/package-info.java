/**
 * Point-process tools: exact simulators with their true conditional intensities, compensators and
 * log-likelihoods, and the benchmark processes of Omi, Ueda &amp; Aihara (2019).
 *
 * <p>A {@link io.tempora.pp.PointProcess} is a law; a {@link io.tempora.pp.ConditionalIntensity} is that
 * law filtered through an observed history (a mutable streaming object, like the model's state). All
 * likelihoods, next-event probabilities, next-type distributions and simulations are built on the latter, so
 * each process only has to say how its intensity depends on the past. Time starts at 0.
 *
 * <p>Conventions: the log-likelihood of events {@code t_1 < ... < t_n} on {@code [0, T]} is
 * <pre>
 *   log L = sum_i log lambda_{k_i}(t_i | H_{t_i}) - integral_0^T lambda(t | H_t) dt
 * </pre>
 * (Daley &amp; Vere-Jones 2003, Prop. 7.3.III), where {@code H_t} holds the events strictly before {@code t}.
 */
package io.tempora.pp;
