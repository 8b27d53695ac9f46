package io.tempora.schemas.serde;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/** The three subject-name strategies Confluent's serializers define, under the same names. */
public enum SubjectNameStrategies implements SubjectNameStrategy {

    /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic. Confluent's default. */
    TOPIC_NAME("TopicNameStrategy") {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return topic + (isKey ? "-key" : "-value");
        }
    },

    /** The record's full name, e.g. {@code io.tempora.schemas.Event}: one lineage per type, across topics. */
    RECORD_NAME("RecordNameStrategy") {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return schema.getFullName();
        }
    },

    /** {@code <topic>-<full record name>}: several types in one topic, each with its own lineage. */
    TOPIC_RECORD_NAME("TopicRecordNameStrategy") {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return topic + "-" + schema.getFullName();
        }
    };

    private final String confluentName;

    SubjectNameStrategies(String confluentName) {
        this.confluentName = confluentName;
    }

    /** The simple class name Confluent uses for this strategy, e.g. {@code TopicNameStrategy}. */
    public String confluentName() {
        return confluentName;
    }

    /**
     * Parses a configured strategy: Confluent's class name (fully qualified or simple), or this enum's constant name.
     *
     * @throws ConfigException naming {@code configKey} if the value is none of them
     */
    public static SubjectNameStrategies parse(String value, String configKey) {
        String simple = value.substring(value.lastIndexOf('.') + 1).trim();
        for (SubjectNameStrategies s : values()) {
            if (s.confluentName.equals(simple) || s.name().equals(simple.toUpperCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new ConfigException(
                configKey,
                value,
                "unknown subject name strategy; use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy"
                        + " (Confluent's io.confluent.kafka.serializers.subject.* class names are accepted too)");
    }
}
