package io.tempora.nn;

/**
 * Chooses {@link DenseKernel}'s implementation once per JVM. The Vector API class is reached only by
 * reflection so that nothing links against {@code jdk.incubator.vector} when the module is absent.
 */
final class DenseKernels {

    /** Set {@code -Dtempora.kernel=scalar} to force the scalar kernel (to compare the two). */
    static final String PROPERTY = "tempora.kernel";

    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"scalar".equals(System.getProperty(PROPERTY));

    private DenseKernels() {
    }

    static DenseKernel vector(int in, int rows) {
        try {
            return (DenseKernel) Class.forName("io.tempora.nn.VectorDenseKernel")
                    .getDeclaredConstructor(int.class, int.class).newInstance(in, rows);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the Vector API kernel could not be created although jdk.incubator.vector"
                    + " is present; run with -D" + PROPERTY + "=scalar to use the scalar kernel", e);
        }
    }

    static void requireShape(int in, int rows) {
        if (in < 1 || rows < 1) {
            throw new IllegalArgumentException("a dense layer needs in >= 1 and rows >= 1, got " + in + " -> " + rows);
        }
    }
}
