package io.tempora.streams.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.schemas.serde.CorruptPayloadException;
import io.tempora.schemas.serde.SchemaRegistryUnavailableException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which failures to decode the follower waits out and which refuse the record. */
class ModelFollowerTest {

    @Test
    void registryOutagesAndRetriableKafkaErrorsAreRetriedAlsoWhenWrapped() {
        assertThat(ModelFollower.isRetriable(new SchemaRegistryUnavailableException("down", null)))
                .isTrue();
        assertThat(ModelFollower.isRetriable(new TimeoutException("slow"))).isTrue();
        assertThat(ModelFollower.isRetriable(
                        new KafkaException("wrapped", new SchemaRegistryUnavailableException("down", null))))
                .isTrue();
    }

    @Test
    void badRecordsAreNotRetried() {
        assertThat(ModelFollower.isRetriable(new CorruptPayloadException("junk")))
                .isFalse();
        assertThat(ModelFollower.isRetriable(new SerializationException("bad"))).isFalse();
        assertThat(ModelFollower.isRetriable(new IllegalStateException("bug"))).isFalse();
    }
}
