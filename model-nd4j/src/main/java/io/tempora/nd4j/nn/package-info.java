/**
 * The batched ND4J counterparts of model-core's layers ({@code io.tempora.nn}): {@code Batched*}
 * classes built for a fixed batch size {@code B} (one row per sample, {@code B x D}) over an
 * {@link io.tempora.nd4j.nn.NdParameters} mirror of a {@link io.tempora.nn.ParameterSet} and an
 * {@link io.tempora.nd4j.nn.NdGradient} accumulator; they write into preallocated ND4J buffers with
 * {@code Nd4j.gemm(..., c, ...)} and in-place ops, creating no arrays per call. Activations run in
 * their {@link io.tempora.nd4j.nn.NdActivations} form.
 *
 * <p>The heap vector {@code ParameterSet.values()} is the master; the mirror copies it whenever the
 * set's version has moved, so both paths compute with the same values and agree to 1e-12 (tested).
 * The conventions are model-core's: row-major {@code out x in} weights, VJPs write input cotangents
 * and add parameter gradients, a VJP differentiates at the last forward call on the same object,
 * double precision ({@code DataType.DOUBLE}) throughout, nothing thread-safe.
 *
 * <h2>ND4J start-up</h2>
 * The first {@code NdParameters} initialises ND4J, which takes seconds (timings in
 * {@code docs/decisions.md}), the longest when javacpp first unpacks its ~400 MB of native libraries
 * (from the {@code nd4j-native}, {@code javacpp} and {@code openblas} jars on the class path, nothing
 * downloaded) into {@code org.bytedeco.javacpp.cachedir}. Run with {@code OMP_NUM_THREADS=1} on small machines.
 */
package io.tempora.nd4j.nn;
