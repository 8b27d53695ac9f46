package io.tempora.bench.adjoint;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Live heap after full collections: what the program retains at that moment, not what it allocated. */
public final class RetainedHeap {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private RetainedHeap() {}

    /** Bytes of live heap after two full collections (the second settles what finalisation freed). */
    public static long live() {
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
