package io.tempora.nd4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.nn.Mlp;
import io.tempora.nn.MlpSpec;
import io.tempora.nn.Parameter;
import io.tempora.nn.ParameterSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The ND4J mirror of a {@link ParameterSet}: row-major views of one buffer that follow the master. */
class NdParametersTest {

    @Test
    void ndViewsAreRowMajorWindowsOfOneBufferThatFollowTheMaster() {
        ParameterSet.Builder b = ParameterSet.builder();
        Mlp mlp = Mlp.define(b, "m", MlpSpec.tanh(3, List.of(4), 2));
        ParameterSet ps = b.build();
        ps.initialise(3);
        NdParameters nd = new NdParameters(ps);
        for (Parameter p : ps.parameters()) {
            INDArray view = nd.view(p);
            assertThat(view.shape())
                    .containsExactly(
                            java.util.Arrays.stream(p.shape()).asLongStream().toArray());
            for (int i = 0; i < p.size(); i++) {
                assertThat(view.getDouble(i)).isEqualTo(ps.values()[p.offset() + i]);
            }
        }
        Parameter w1 = mlp.layers().get(1).weight();
        ps.set(w1.offset() + 1 * 4 + 2, 123.0); // element (1, 2) of the 2 x 4 weight
        nd.refresh();
        assertThat(nd.view(w1).getDouble(1, 2)).isEqualTo(123.0);
        assertThat(nd.flat().getDouble(w1.offset() + 6)).isEqualTo(123.0);
    }
}
