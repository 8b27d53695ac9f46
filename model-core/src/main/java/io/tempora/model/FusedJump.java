package io.tempora.model;

import io.tempora.nn.JumpKernel;
import io.tempora.nn.ParameterSet;

/**
 * The streaming path's jump at an event, {@code h⁺ = GRU(h⁻, [E[type]; log(gap + ε); x̃])}
 * ({@link ModelWorkspace#jump}), on a {@link JumpKernel}: the Vector API kernel when the JVM has
 * {@code jdk.incubator.vector} (within rounding of the training path; tested), the training path's own
 * arithmetic otherwise. The kernel's packed weights are refreshed when {@link ParameterSet#version()}
 * moves, so it follows a trainer's updates. Allocates nothing; not thread-safe.
 */
final class FusedJump {

    private final EventModel model;
    private final JumpKernel kernel;
    private long version = Long.MIN_VALUE;

    FusedJump(EventModel model) {
        this.model = model;
        this.kernel = JumpKernel.create(model.jump(), model.embedding());
    }

    /**
     * Writes the state after an event of {@code type} into {@code hPlus}; {@code gap} in model units since
     * the previous event, {@code x} the standardised features (ignored when the model has none).
     */
    void jump(double[] hMinus, int type, double gap, double[] x, double[] hPlus) {
        ParameterSet params = model.parameters();
        if (params.version() != version) {
            kernel.pack(params.values());
            version = params.version();
        }
        kernel.jump(hMinus, type, Math.log(gap + EventModel.LOG_GAP_EPSILON), x, hPlus);
    }
}
