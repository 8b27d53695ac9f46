package io.tempora.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelWarmUpTest {

    private static final Set<String> EVERY_KERNEL_ON_ITS_OWN = Set.of(
            "io.tempora.nn.VectorFieldKernel.evaluate",
            "io.tempora.nn.VectorFieldKernel.softplus",
            "io.tempora.nn.VectorTanh.tanh",
            "io.tempora.nn.VectorJumpKernel.gates",
            "io.tempora.nn.VectorJumpKernel.jump");

    @Test
    void everyKernelCompiledOnItsOwnIsEnough() {
        assertThat(KernelWarmUp.allCompiled(EVERY_KERNEL_ON_ITS_OWN)).isTrue();
    }

    @Test
    void theJumpInlinedIntoItsCallersCompileCounts() {
        Set<String> compiled = new HashSet<>(EVERY_KERNEL_ON_ITS_OWN);
        compiled.remove("io.tempora.nn.VectorJumpKernel.jump");
        assertThat(KernelWarmUp.allCompiled(compiled)).isFalse();

        compiled.add("io.tempora.model.FusedJump.jump");

        assertThat(KernelWarmUp.allCompiled(compiled)).isTrue();
    }

    @Test
    void aMissingKernelIsWaitedFor() {
        for (String kernel : EVERY_KERNEL_ON_ITS_OWN) {
            Set<String> compiled = new HashSet<>(EVERY_KERNEL_ON_ITS_OWN);
            compiled.remove(kernel);
            compiled.add("io.tempora.nn.SomethingElse.evaluate");
            assertThat(KernelWarmUp.allCompiled(compiled))
                    .as("without %s", kernel)
                    .isFalse();
        }
    }
}
