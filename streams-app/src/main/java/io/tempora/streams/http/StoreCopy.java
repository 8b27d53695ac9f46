package io.tempora.streams.http;

import io.tempora.streams.Topics;
import io.tempora.streams.state.EntityRecord;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Which of this instance's copies of the entity store a query reads: the active copy only (the owner's
 * answer, current), or any local copy of a partition, standby and restoring ones included (Kafka Streams'
 * stale stores: an answer as of that copy's last applied changelog record).
 *
 * @param stale whether standby and restoring copies may answer
 * @param partition the entity's partition, or {@link #ANY_PARTITION} to look through every local copy
 */
record StoreCopy(boolean stale, int partition) {

    /** No partition named: every partition held here is searched. */
    static final int ANY_PARTITION = -1;

    /** This instance's active copies, the only ones that give a current answer. */
    static final StoreCopy ACTIVE = new StoreCopy(false, ANY_PARTITION);

    /** Any local copy of {@code partition} ({@link #ANY_PARTITION}: of any partition held here). */
    static StoreCopy anyLocal(int partition) {
        return new StoreCopy(true, partition);
    }

    /** The parameters of Kafka Streams' store query for this copy. */
    StoreQueryParameters<ReadOnlyKeyValueStore<String, EntityRecord>> parameters() {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, EntityRecord>> p =
                StoreQueryParameters.fromNameAndType(Topics.ENTITY_STATE_STORE, QueryableStoreTypes.keyValueStore());
        if (stale) {
            p = p.enableStaleStores();
        }
        return partition == ANY_PARTITION ? p : p.withPartition(partition);
    }
}
