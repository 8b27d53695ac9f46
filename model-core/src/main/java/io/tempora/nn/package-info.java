/**
 * Neural layers and their parameters, on two execution paths over one set of parameters.
 *
 * <h2>Parameters</h2>
 * A {@link io.tempora.nn.ParameterSet} holds every tensor of a model in one flat {@code double[]}
 * in registration order; layers register their tensors through a
 * {@link io.tempora.nn.ParameterSet.Builder} ({@code Linear.define(builder, "name", in, out)}) and
 * keep only {@link io.tempora.nn.Parameter} handles (offsets). A
 * {@link io.tempora.nn.Gradient} has the same layout. {@link io.tempora.nn.Adam} (optionally
 * AdamW) updates the flat vector; {@link io.tempora.nn.Gradient#clipNorm(double)} clips globally.
 *
 * <h2>Two execution paths</h2>
 * <ul>
 * <li><b>Plain</b> (single sample, streaming): methods on the layer objects themselves
 *     ({@link io.tempora.nn.Linear}, {@link io.tempora.nn.Mlp}, {@link io.tempora.nn.Embedding},
 *     {@link io.tempora.nn.GruCell}, {@link io.tempora.nn.Activation},
 *     {@link io.tempora.nn.MlpVectorField}) over {@code double[]}; they read parameters from the
 *     caller's {@code theta} (normally {@code ParameterSet.values()}) and keep per-call state in
 *     caller-owned workspaces, so they allocate nothing per call. They never touch ND4J.</li>
 * <li><b>Batched</b> ({@code B x D}, training): {@code Batched*} classes built for a fixed batch
 *     size over an {@link io.tempora.nn.NdParameters} mirror and an
 *     {@link io.tempora.nn.NdGradient} accumulator; they write into preallocated ND4J buffers with
 *     {@code Nd4j.gemm(..., c, ...)} and in-place ops, creating no arrays per call.</li>
 * </ul>
 * The heap vector is the master; the ND4J mirror copies it whenever its version has moved
 * (every {@code Adam.step} and {@code setAll} moves it), so both paths always compute with the same
 * values, and agree to 1e-12.
 *
 * <h2>Conventions</h2>
 * <ul>
 * <li>Matrices are row-major; a weight is {@code out x in} (as in PyTorch); a batch is one row per
 *     sample.</li>
 * <li>VJPs <em>write</em> input cotangents and <em>add</em> parameter gradients, so gradients of
 *     several samples or terms accumulate until {@code zero()}; a {@code null} output skips that
 *     product. Plain-path parameter gradients may be placed at an offset inside a larger array
 *     ({@code gOffset}), e.g. an augmented adjoint state.</li>
 * <li>A VJP differentiates at the point of the last forward call on the same workspace or batched
 *     object.</li>
 * <li>Nothing here is thread-safe; give each thread its own workspaces and batched objects.</li>
 * <li>Double precision throughout; every ND4J array is created with {@code DataType.DOUBLE}.</li>
 * </ul>
 *
 * <h2>ND4J start-up</h2>
 * The first {@code NdParameters} initialises ND4J: about 1.5 s, or 3-5 s when javacpp first unpacks
 * its ~400 MB of native libraries (from the {@code nd4j-native}, {@code javacpp} and
 * {@code openblas} jars on the class path, nothing downloaded) into
 * {@code org.bytedeco.javacpp.cachedir}. Run with {@code OMP_NUM_THREADS=1} on small machines.
 */
package io.tempora.nn;
