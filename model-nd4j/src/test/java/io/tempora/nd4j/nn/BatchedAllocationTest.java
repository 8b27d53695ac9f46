package io.tempora.nd4j.nn;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.nn.Activation;
import io.tempora.nn.Adam;
import io.tempora.nn.AdamConfig;
import io.tempora.nn.Embedding;
import io.tempora.nn.Gradient;
import io.tempora.nn.GruCell;
import io.tempora.nn.Mlp;
import io.tempora.nn.MlpSpec;
import io.tempora.nn.ParameterSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batched calls create no ND4J array once set up, checked by running them inside an ND4J workspace
 * of size zero whose spill policy is {@code FAIL}, so that any array an op creates while it is active
 * throws "Workspace is full" (javacpp's byte count cannot show this: ND4J's native data buffers are
 * allocated inside libnd4j).
 */
class BatchedAllocationTest {

    private static final int D = 16;
    private static final int H = 64;

    @Test
    void batchedCallsCreateNoArrays() {
        ParameterSet.Builder b = ParameterSet.builder();
        Mlp mlp = Mlp.define(b, "f", new MlpSpec(D, List.of(H), D, Activation.SOFTPLUS, Activation.TANH));
        GruCell cell = GruCell.define(b, "g", 5, D);
        Embedding emb = Embedding.define(b, "e", 3, 5);
        ParameterSet ps = b.build();
        ps.initialise(5);
        int batch = 32;
        NdParameters ndp = new NdParameters(ps);
        NdGradient ndg = new NdGradient(ps);
        Gradient grad = ps.newGradient();
        BatchedMlpVectorField field = new BatchedMlpVectorField(mlp, ndp, ndg, batch);
        BatchedGruCell gru = new BatchedGruCell(cell, ndp, ndg, batch);
        BatchedEmbedding be = new BatchedEmbedding(emb, ndp, ndg, batch);
        Adam adam = new Adam(ps, AdamConfig.of(1e-4));
        INDArray h = Nd4j.rand(DataType.DOUBLE, batch, D);
        INDArray a = Nd4j.rand(DataType.DOUBLE, batch, D);
        INDArray f = Nd4j.create(DataType.DOUBLE, batch, D);
        INDArray aj = Nd4j.create(DataType.DOUBLE, batch, D);
        INDArray x = Nd4j.create(DataType.DOUBLE, batch, 5);
        INDArray gx = Nd4j.create(DataType.DOUBLE, batch, 5);
        int[] types = new int[batch];
        for (int i = 0; i < batch; i++) {
            types[i] = i % 3;
        }
        Runnable work = () -> {
            field.evaluate(h, f);
            field.vjp(a, aj);
            be.forward(types, x);
            gru.forward(x, h, f);
            gru.vjp(a, gx, aj);
            be.vjp(gx);
            ndg.drainInto(grad);
            adam.step(grad);
            grad.zero();
        };
        for (int i = 0; i < 5; i++) {
            work.run();
        }
        WorkspaceConfiguration noRoom = WorkspaceConfiguration.builder()
                .initialSize(0)
                .policyAllocation(AllocationPolicy.STRICT)
                .policyLearning(LearningPolicy.NONE)
                .policySpill(SpillPolicy.FAIL)
                .build();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(noRoom, "nn-no-allocation")) {
            assertThatCode(() -> {
                        for (int i = 0; i < 20; i++) {
                            work.run();
                        }
                    })
                    .as("batched calls inside a zero-size workspace")
                    .doesNotThrowAnyException();
        }
        // The guard itself works: an allocating product inside the same workspace is refused.
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(noRoom, "nn-no-allocation")) {
            assertThatThrownBy(() -> h.mmul(a.transpose())).hasMessageContaining("Workspace is full");
        }
    }
}
