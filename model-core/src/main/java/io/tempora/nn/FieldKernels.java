package io.tempora.nn;

/**
 * Chooses {@link FieldKernel}'s and {@link JumpKernel}'s implementations once per JVM. The Vector API class is reached only by
 * reflection so that nothing links against {@code jdk.incubator.vector} when the module is absent.
 */
final class FieldKernels {

    static final boolean VECTOR =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                    && !"scalar".equals(System.getProperty(FieldKernel.PROPERTY));

    private FieldKernels() {}

    static FieldKernel vector(int d, int hidden, int heads) {
        try {
            return (FieldKernel) Class.forName("io.tempora.nn.VectorFieldKernel")
                    .getDeclaredConstructor(int.class, int.class, int.class)
                    .newInstance(d, hidden, heads);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException(
                    "the Vector API kernel could not be created although jdk.incubator.vector"
                            + " is present; run with -D" + FieldKernel.PROPERTY + "=scalar to use the scalar kernel",
                    e);
        }
    }

    static JumpKernel vectorJump(GruCell cell, Embedding embedding) {
        try {
            return (JumpKernel) Class.forName("io.tempora.nn.VectorJumpKernel")
                    .getDeclaredConstructor(GruCell.class, Embedding.class)
                    .newInstance(cell, embedding);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException(
                    "the Vector API jump kernel could not be created although"
                            + " jdk.incubator.vector is present; run with -D" + FieldKernel.PROPERTY
                            + "=scalar to use the"
                            + " scalar kernel",
                    e);
        }
    }

    static void requireShape(int d, int hidden, int heads) {
        if (d < 1 || hidden < 1 || heads < 1) {
            throw new IllegalArgumentException(
                    "the field kernel needs D, H and K >= 1, got D=" + d + ", H=" + hidden + ", K=" + heads);
        }
    }
}
