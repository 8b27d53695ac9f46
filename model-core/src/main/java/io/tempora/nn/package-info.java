/**
 * Neural layers and their parameters on plain {@code double[]}, one sample at a time.
 *
 * <h2>Parameters</h2>
 * A {@link io.tempora.nn.ParameterSet} holds every tensor of a model in one flat {@code double[]}
 * in registration order; layers register their tensors through a
 * {@link io.tempora.nn.ParameterSet.Builder} ({@code Linear.define(builder, "name", in, out)}) and
 * keep only {@link io.tempora.nn.Parameter} handles (offsets). A
 * {@link io.tempora.nn.Gradient} has the same layout. {@link io.tempora.nn.Adam} (optionally
 * AdamW) updates the flat vector; {@link io.tempora.nn.Gradient#clipNorm(double)} clips globally.
 *
 * <h2>Execution paths</h2>
 * The layer objects here ({@link io.tempora.nn.Linear}, {@link io.tempora.nn.Mlp},
 * {@link io.tempora.nn.Embedding}, {@link io.tempora.nn.GruCell}, {@link io.tempora.nn.Activation},
 * {@link io.tempora.nn.MlpVectorField}) run one sample at a time (the "plain" path, streaming and
 * training) over {@code double[]}; they read parameters from the caller's {@code theta} (normally
 * {@code ParameterSet.values()}) and keep per-call state in caller-owned workspaces, so they allocate
 * nothing per call. The streaming kernels ({@link io.tempora.nn.FieldKernel},
 * {@link io.tempora.nn.JumpKernel}) evaluate the same maths faster with the Vector API. The batched
 * ND4J counterparts ({@code B x D}, one row per sample) live in the module model-nd4j
 * ({@code io.tempora.nd4j.nn}), so that nothing here needs ND4J's native libraries.
 *
 * <h2>Conventions</h2>
 * <ul>
 * <li>Matrices are row-major; a weight is {@code out x in} (as in PyTorch); a batch is one row per
 *     sample.</li>
 * <li>VJPs <em>write</em> input cotangents and <em>add</em> parameter gradients, so gradients of
 *     several samples or terms accumulate until {@code zero()}; a {@code null} output skips that
 *     product. Plain-path parameter gradients may be placed at an offset inside a larger array
 *     ({@code gOffset}), e.g. an augmented adjoint state.</li>
 * <li>A VJP differentiates at the point of the last forward call on the same workspace.</li>
 * <li>Nothing here is thread-safe; give each thread its own workspaces.</li>
 * <li>Double precision throughout.</li>
 * </ul>
 */
package io.tempora.nn;
